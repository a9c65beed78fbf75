"""Reading and writing the directory of local organisations as CSV (``docs/directory-csv.md``).

A manager often has the list already, in a spreadsheet. Import is all or nothing: every line is
read and checked first, every problem is reported with its line number, and the service writes
nothing unless every line is good, so a half-imported directory never needs tidying by hand.

The parser never raises on any text: whatever the file holds comes back as problems. Values
may be written as codes or as the labels people read ("talking_therapies" or "NHS Talking
Therapies", "E09000007" or "Camden"), in any letter case. Problems name directory entries,
never survivors: nothing in this file is case data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from survivorapp.domain.referrals.directory import DirectoryOrganisation, name_key
from survivorapp.domain.safe_input import FORMULA_PREFIXES, csv_safe_cell, text_problem
from survivorapp.domain.vocabularies import Vocabularies

HEADERS = ("name", "type", "borough", "phone", "email", "address", "notes")
REQUIRED = ("name", "type")
MAX_ROWS = 5000
MULTILINE = frozenset({"address", "notes"})
FORMULA_STARTS = frozenset("".join(FORMULA_PREFIXES))


@dataclass(frozen=True)
class RowProblem:
    """What is wrong on one line of the file (line 1 is the column headings)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


@dataclass(frozen=True)
class ParsedRow:
    line: int
    organisation: DirectoryOrganisation


@dataclass(frozen=True)
class DirectoryParse:
    rows: tuple[ParsedRow, ...]
    problems: tuple[RowProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ImportReport:
    """What an import did: how many organisations were added, or every problem found."""

    imported: int
    problems: tuple[RowProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_lines(self) -> tuple[int, ...]:
        return tuple(sorted({p.line for p in self.problems}))


def _lookup(vocabularies: Vocabularies, vocabulary: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for code in vocabularies[vocabulary]:
        found[code.label.casefold()] = code.code
        found[code.code.casefold()] = code.code
    return found


def _control_problem(column: str, value: str) -> str | None:
    """The one rule every import applies (``safe_input.text_problem``)."""
    why = text_problem(value, multiline=column in MULTILINE)
    return None if why is None else f"The {column} {why}. Please retype it."


def _cell(raw: str) -> tuple[str, str | None]:
    """(the cell's value, a problem or None): formulas are refused, neutralised text kept.

    A cell the app exported as ``'=...`` or ``'+44...`` (an apostrophe so that a spreadsheet
    shows it as text) reads back without the apostrophe. A cell starting with ``=`` or ``@``
    would run as a formula in a spreadsheet, and is refused.
    """
    value = raw.strip()
    if value.startswith("'") and value[1:2] in FORMULA_STARTS:
        return value[1:], None
    if value.startswith(("=", "@")):
        return value, (
            f"starts with '{value[0]}', which a spreadsheet would run as a formula. Remove it, "
            "or if it is meant as text, start the cell with an apostrophe (')"
        )
    return value, None


def _header_problems(header: Sequence[str]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for name in header:
        if name not in HEADERS:
            shown = name[:40] or "(blank)"
            problems.append(
                f"The column heading '{shown}' isn't one the directory uses. The headings are: "
                f"{', '.join(HEADERS)}."
            )
        elif name in seen:
            problems.append(f"The column heading '{name}' appears twice.")
        seen.add(name)
    for required in REQUIRED:
        if required not in seen:
            problems.append(f"The column heading '{required}' is missing; it is needed.")
    return problems


def parse_directory_csv(text: str, vocabularies: Vocabularies) -> DirectoryParse:
    """Every organisation in ``text`` and every problem, each with its line number."""
    if text.startswith("\ufeff"):  # a spreadsheet's byte-order mark
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[RowProblem] = []
    rows: list[ParsedRow] = []
    header: list[str] | None = None
    header_line = 0
    types = _lookup(vocabularies, "referral_destination")
    boroughs = _lookup(vocabularies, "borough")
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            problems.append(
                RowProblem(
                    reader.line_num or line,
                    "This line can't be read as CSV (often a stray double quote). Values "
                    "that hold commas or quotes need the whole value in double quotes, with "
                    'any quote inside written twice ("").',
                )
            )
            return DirectoryParse((), tuple(problems))
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip().casefold() for cell in record]
            header_line = start
            found = _header_problems(header)
            if found:
                return DirectoryParse((), tuple(RowProblem(start, p) for p in found))
            continue
        if len(rows) + len({p.line for p in problems}) >= MAX_ROWS:
            problems.append(
                RowProblem(start, f"The file holds more than {MAX_ROWS:,} organisations.")
            )
            break
        parsed = _row(record, header, start, types, boroughs, vocabularies)
        if isinstance(parsed, ParsedRow):
            rows.append(parsed)
        else:
            problems.extend(parsed)
    if header is None:
        problems.append(RowProblem(1, "The file is empty: it has no column headings."))
    elif not rows and not problems:
        problems.append(
            RowProblem(header_line, "There are no organisations under the column headings.")
        )
    problems.extend(repeated_in_file(rows))
    return DirectoryParse(tuple(rows), tuple(sorted(problems, key=lambda p: p.line)))


def _row(
    record: list[str],
    header: list[str],
    line: int,
    types: dict[str, str],
    boroughs: dict[str, str],
    vocabularies: Vocabularies,
) -> ParsedRow | list[RowProblem]:
    problems: list[str] = []
    if len(record) > len(header):
        problems.append(
            f"This line has {len(record)} values but there are {len(header)} column headings. "
            "A value that holds a comma needs double quotes around it."
        )
    values: dict[str, str] = {}
    said: set[str] = set()  # columns already reported; the domain's checks would repeat them
    for i, name in enumerate(header):
        values[name], formula = _cell(record[i]) if i < len(record) else ("", None)
        found = f"The {name} {formula}." if formula else _control_problem(name, values[name])
        if found is not None:
            problems.append(found)
            said.add(name)
    kind = values.get("type", "")
    destination = types.get(kind.casefold(), "") if kind else ""
    if not kind:
        problems.append("The type is empty. Every organisation needs one, for example gp.")
    elif not destination:
        problems.append(
            f"'{kind[:60]}' isn't a kind of service the directory knows. The list of types "
            "is in the directory's help page (docs/directory-csv.md)."
        )
    area = values.get("borough", "")
    borough = boroughs.get(area.casefold()) if area else None
    if area and borough is None:
        problems.append(f"'{area[:60]}' isn't a London borough (or 'Outside London').")
    organisation = DirectoryOrganisation(
        name=values.get("name", ""),
        destination_type=destination,
        borough=borough,
        phone=values.get("phone") or None,
        email=values.get("email") or None,
        address=values.get("address") or None,
        notes=values.get("notes", ""),
    )
    for problem in organisation.validate(vocabularies):
        if problem.field == "destination_type":
            continue  # already said why, in the file's own words
        if (problem.field == "borough" and area) or problem.field in said:
            continue
        problems.append(problem.message)
    if problems:
        return [RowProblem(line, message) for message in problems]
    return ParsedRow(line, organisation)


def repeated_in_file(rows: Sequence[ParsedRow]) -> list[RowProblem]:
    """Lines naming an organisation (same name and borough) named earlier in the file."""
    first_line: dict[tuple[str, str | None], int] = {}
    problems: list[RowProblem] = []
    for row in rows:
        key = (name_key(row.organisation.name), row.organisation.borough)
        if key in first_line:
            problems.append(
                RowProblem(
                    row.line,
                    f"'{row.organisation.name}' for this borough is also on line "
                    f"{first_line[key]}. Please keep one of them.",
                )
            )
        else:
            first_line[key] = row.line
    return problems


def already_listed(
    rows: Sequence[ParsedRow], existing: Iterable[DirectoryOrganisation]
) -> list[RowProblem]:
    """Lines naming an organisation that is already in the directory for that borough."""
    known = {(name_key(o.name), o.borough) for o in existing}
    return [
        RowProblem(
            row.line,
            f"'{row.organisation.name}' is already in the directory for this borough. "
            "Please remove this line, or change the entry in the app.",
        )
        for row in rows
        if (name_key(row.organisation.name), row.organisation.borough) in known
    ]


def format_directory_csv(organisations: Iterable[DirectoryOrganisation]) -> str:
    """The directory as CSV with stable codes, which :func:`parse_directory_csv` reads back.

    Text that a spreadsheet could run as a formula gets a leading apostrophe (OWASP's CSV
    injection guidance, ``safe_input.csv_safe_cell``); the import takes it off again.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for o in organisations:
        cells = (o.name, o.destination_type, o.borough, o.phone, o.email, o.address, o.notes)
        writer.writerow([_export_cell(cell or "") for cell in cells])
    return out.getvalue()


def _export_cell(value: str) -> str:
    """``csv_safe_cell``, and an apostrophe kept as typed when the import would remove it."""
    if value.startswith("'") and value[1:2] in FORMULA_STARTS:
        return "'" + value
    return csv_safe_cell(value)
