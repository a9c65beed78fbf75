"""The directory CSV parser: what people's spreadsheets hold, every bad line reported with its
number, and properties: it never raises on any text, and a valid directory round-trips."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.domain.referrals.directory import DirectoryOrganisation
from survivorapp.domain.referrals.directory_csv import (
    HEADERS,
    already_listed,
    format_directory_csv,
    parse_directory_csv,
)
from survivorapp.domain.vocabularies import load_vocabularies

VOCABULARIES = load_vocabularies()
TYPES = [c.code for c in VOCABULARIES["referral_destination"]]
BOROUGHS = [c.code for c in VOCABULARIES["borough"]]


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_directory_csv(text, VOCABULARIES)


def test_a_spreadsheet_export_with_labels_codes_and_quotes() -> None:
    text = (
        "\ufeffName,Type,Borough,Phone,Email,Address,Notes\r\n"
        "Camden Talking Therapies,NHS Talking Therapies,Camden,020 3317 6670,,"
        '"1 High St, London",Self-referral too\r\n'
        "\r\n"
        "The Havens,sexual_health,E09000028,,havens@example.org,,\r\n"
        '"Solace ""Women\'s"" Aid","domestic abuse services, IDVA or MARAC",,,,,\r\n'
    )
    found = parse(text)
    assert found.ok, found.problems
    assert [(r.line, r.organisation.name) for r in found.rows] == [
        (2, "Camden Talking Therapies"),
        (4, "The Havens"),
        (5, 'Solace "Women\'s" Aid'),
    ]
    first = found.rows[0].organisation
    assert first.destination_type == "talking_therapies" and first.borough == "E09000007"
    assert first.address == "1 High St, London" and first.email is None
    assert found.rows[2].organisation.destination_type == "domestic_abuse"


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_kept() -> None:
    text = (
        "name,type,borough,phone,email\n"
        "Good Place,gp,,,\n"
        ",gp,,,\n"  # line 3: no name
        "Somewhere,counselling,,,\n"  # line 4: unknown type
        "Elsewhere,gp,Narnia,call me,not-an-email\n"  # line 5: three problems
        "Too,many,values,,,,,\n"  # line 6
        "Good Place,GP,,,\n"  # line 7: same as line 2
    )
    found = parse(text)
    by_line: dict[int, list[str]] = {}
    for problem in found.problems:
        by_line.setdefault(problem.line, []).append(problem.message)
    assert sorted(by_line) == [3, 4, 5, 6, 7]
    assert by_line[3] == ["Please give the organisation's name."]
    assert "'counselling' isn't a kind of service" in by_line[4][0]
    assert len(by_line[5]) == 3
    assert "8 values but there are 5 column headings" in by_line[6][0]
    assert "also on line 2" in by_line[7][0]
    assert str(found.problems[0]).startswith("Line 3: ")


def test_multiline_values_are_reported_on_the_line_they_start() -> None:
    text = 'name,type,notes\nA,gp,"two\nlines"\nB,nowhere,\n'
    found = parse(text)
    assert [r.organisation.notes for r in found.rows] == ["two\nlines"]
    assert [p.line for p in found.problems] == [4]


def test_headings_are_checked_first() -> None:
    assert [p.message for p in parse("name,kind\nA,gp\n").problems] == [
        "The column heading 'kind' isn't one the directory uses. The headings are: "
        + ", ".join(HEADERS)
        + ".",
        "The column heading 'type' is missing; it is needed.",
    ]
    assert parse("").problems[0].message == "The file is empty: it has no column headings."
    assert "no organisations" in parse("name,type\n\n").problems[0].message
    assert parse('name,type\n"unfinished,gp\n').problems[0].line == 2


def test_entries_already_in_the_directory_are_reported() -> None:
    found = parse("name,type,borough\nthe  havens,sexual_health,Southwark\nNew,gp,\n")
    existing = [DirectoryOrganisation("The Havens", "sexual_health", 1, "E09000028")]
    problems = already_listed(found.rows, existing)
    assert [p.line for p in problems] == [2]


# --- properties ---------------------------------------------------------------------------------

csv_ish = st.lists(
    st.sampled_from([*list('abc,"\n\r\t ;\x00\ufeffé'), "name", "type", "gp", "Camden"]),
    max_size=80,
).map("".join)


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=300), csv_ish, csv_ish.map(lambda s: "name,type\n" + s)))
def test_never_raises_on_any_text(text: str) -> None:
    found = parse(text)
    assert found.ok == (not found.problems)
    assert all(p.line >= 1 and p.message for p in found.problems)
    for row in found.rows:
        assert row.organisation.validate(VOCABULARIES) == []


def _clean(max_size: int, multiline: bool = False) -> st.SearchStrategy[str]:
    extra = "\n\t" if multiline else ""
    alphabet = st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters=extra)
    return st.text(alphabet=alphabet, max_size=max_size).map(str.strip)


organisations = st.builds(
    DirectoryOrganisation,
    name=_clean(120).filter(bool),
    destination_type=st.sampled_from(TYPES),
    borough=st.none() | st.sampled_from(BOROUGHS),
    phone=st.none() | st.from_regex(r"\+?[0-9][0-9 ()\-]{3,20}[0-9]", fullmatch=True),
    email=st.none() | st.from_regex(r"[a-z0-9.]{1,20}@[a-z0-9]{1,20}\.org", fullmatch=True),
    address=st.none() | _clean(300, multiline=True).filter(bool),
    notes=_clean(500, multiline=True),
)


def _distinct(items: list[DirectoryOrganisation]) -> list[DirectoryOrganisation]:
    seen: set[tuple[str, str | None]] = set()
    kept = []
    for item in items:
        key = (" ".join(item.name.casefold().split()), item.borough)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


@settings(max_examples=150)
@given(st.lists(organisations, min_size=1, max_size=8).map(_distinct))
def test_valid_rows_round_trip(directory: list[DirectoryOrganisation]) -> None:
    directory = [o for o in directory if o.validate(VOCABULARIES) == []]
    if not directory:
        return
    found = parse(format_directory_csv(directory))
    assert found.ok, found.problems
    assert [r.organisation for r in found.rows] == directory


def test_the_example_in_the_documentation_imports_cleanly() -> None:
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "directory-csv.md"
    example = doc.read_text(encoding="utf-8").split("```csv\n", 1)[1].split("```", 1)[0]
    found = parse(example)
    assert found.ok, found.problems
    assert [r.organisation.destination_type for r in found.rows] == [
        "talking_therapies",
        "sexual_health",
        "domestic_abuse",
    ]
    documented = doc.read_text(encoding="utf-8")
    assert all(f"| `{code}` |" in documented for code in TYPES)
