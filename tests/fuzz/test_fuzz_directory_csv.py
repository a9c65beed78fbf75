"""Fuzz: directory CSV files. Property: the parser never raises; every organisation it accepts
holds no hidden character and no formula, writes back out with every formula neutralised, and
reads back unchanged."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from survivorapp.domain.referrals.directory_csv import (
    HEADERS,
    MULTILINE,
    format_directory_csv,
    parse_directory_csv,
)
from survivorapp.domain.safe_input import formula_like, text_problem
from survivorapp.domain.vocabularies import load_vocabularies
from tests.fuzz.inputs import HOSTILE_TEXT

VOCABULARIES = load_vocabularies()
SAMPLE = (
    "name,type,borough,phone,email,address,notes\r\n"
    "Talking Therapies (Camden),NHS Talking Therapies,Camden,020 7946 0001,"
    'referrals@example.org,"1 High St\nLondon",Self-referral too\r\n'
)
cells = st.text(max_size=20) | HOSTILE_TEXT | st.sampled_from(["gp", "Camden", "Outside London"])


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\r\n') else cell


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    header = draw(st.permutations(HEADERS).map(list) | st.lists(cells, max_size=8))
    rows = draw(st.lists(st.lists(cells, max_size=len(HEADERS) + 1), max_size=6))
    text = ",".join(map(_quoted, header)) + "\r\n"
    text += "".join(",".join(map(_quoted, row)) + "\r\n" for row in rows)
    if draw(st.booleans()):  # or damage it: a stray quote, a cut, a splice
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(cells) + text[at + draw(st.integers(0, 5)) :]
    return text


@settings(deadline=None)
@given(text=csv_files() | st.text(max_size=300) | st.just(SAMPLE))
def test_any_text_parses_to_clean_rows_or_problems(text: str) -> None:
    parsed = parse_directory_csv(text, VOCABULARIES)
    for row in parsed.rows:
        organisation = row.organisation
        values = {
            "name": organisation.name,
            "phone": organisation.phone or "",
            "email": organisation.email or "",
            "address": organisation.address or "",
            "notes": organisation.notes,
        }
        for column, value in values.items():
            assert text_problem(value, multiline=column in MULTILINE) is None
            assert not value.startswith(("=", "@"))
    if not parsed.ok:
        return
    written = format_directory_csv(row.organisation for row in parsed.rows)
    for line in written.split("\r\n")[1:]:
        assert not any(formula_like(cell) for cell in line.split(",") if cell[:1] != '"')
    again = parse_directory_csv(written, VOCABULARIES)
    assert again.ok, again.problems
    assert [r.organisation for r in again.rows] == [r.organisation for r in parsed.rows]
