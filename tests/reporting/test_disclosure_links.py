"""One exact quantity in two tables: disclosure control withholds it in both, or in neither.

The completeness table repeats, as cells, the "not asked", "prefer not to say" and "unknown"
rows of the characteristic tables; the crossed referrals table's row totals are the one-way
destination table. Before those cells were linked, a count withheld in the sex table to
protect a small one could still be published in the completeness table, and the small one
worked out from it. These tests read the published return as a reader would: every table at
once, with ``recoverable_in_return`` (exact arithmetic, written apart from the algorithm).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survivorapp.reporting import protect, suppression
from survivorapp.reporting.disclosure import SUPPRESSED, PublishedReturn, publish
from survivorapp.reporting.merge import MergeRefused, sum_returns
from survivorapp.reporting.model import CountTable, Level, Return
from survivorapp.reporting.serialise import MalformedReturn, return_from_json, return_to_json
from tests.reporting.samples import Q1, recoverable_in_return

STATES = ("not_asked", "declined", "unknown")
SEX_ROWS = ("female", "male", "intersex", "described_another_way", *STATES)


def key(field: str, state: str) -> str:
    return f"cases_open.{field}.{state}"


def characteristic(
    field: str, answered: list[int], unanswered: list[int], *, additive: bool = True
) -> CountTable:
    """A one-column table of a field, its unanswered rows named as completeness cells."""
    codes = (*(f"{field}_{n}" for n in range(len(answered))), *STATES)
    total = sum(answered) + sum(unanswered)
    return CountTable(
        id=f"survivors_{field}",
        title=field,
        section="survivors",
        row_dimension=field,
        rows=codes,
        row_labels=codes,
        counts=tuple((c,) for c in (*answered, *unanswered)),
        total=total,
        total_group="cases_open",
        additive=additive,
        cell_keys=tuple((key(field, c) if c in STATES else None,) for c in codes),
    )


def completeness(rows: dict[str, tuple[int, ...]], linked: set[str]) -> CountTable:
    total = sum(next(iter(rows.values())))
    return CountTable(
        id="completeness",
        title="Completeness",
        section="completeness",
        row_dimension="field",
        rows=tuple(rows),
        row_labels=tuple(rows),
        counts=tuple(rows.values()),
        total=total,
        total_group="cases_open",
        columns=("answered", *STATES),
        column_labels=("Answered", *STATES),
        column_dimension="answer_state",
        additive=False,
        cell_keys=tuple(
            (None, *(key(f, s) if f in linked else None for s in STATES)) for f in rows
        ),
        rows_sum_to_total=True,
    )


def unlinked(table: CountTable) -> CountTable:
    """The table as it was before cells were linked: no names, no row sums."""
    return replace(table, cell_keys=(), row_total_keys=(), rows_sum_to_total=False)


def sex_return(counts: list[int], *, linked: bool = True) -> Return:
    answered, unanswered = counts[:4], counts[4:]
    sex = replace(characteristic("sex", answered, unanswered), rows=SEX_ROWS, row_labels=SEX_ROWS)
    complete = completeness({"sex": (sum(answered), *unanswered)}, {"sex"})
    tables = (sex, complete) if linked else (unlinked(sex), unlinked(complete))
    return Return(period=Q1, tables=tables, excluded_for_consent=0)


def cells(pub: PublishedReturn, table_id: str) -> list[str]:
    table = pub.table(table_id)
    if len(table.cells[0]) == 2:  # one-way: count, percent
        return [row[0] for row in table.cells]
    return list(table.cells[0][:-1])


# --- worked by hand ---------------------------------------------------------------------------


def test_before_linking_the_completeness_table_gave_a_withheld_count_away() -> None:
    """4 people preferred not to say; the sex table hid that and, to protect it, the 16
    unknowns. The completeness table, knowing nothing of that, published the 16."""
    before = publish(
        sex_return([700, 250, 0, 0, 30, 4, 16], linked=False), Level.PUBLICATION, 10, 1
    )
    assert cells(before, "survivors_sex") == ["700", "250", "0", "0", "30", SUPPRESSED, SUPPRESSED]
    assert cells(before, "completeness") == ["950", "30", SUPPRESSED, "16"]
    worked_out = 1000 - 700 - 250 - 30 - int(cells(before, "completeness")[3])
    assert worked_out == 4  # the withheld count, exactly
    linked = sex_return([700, 250, 0, 0, 30, 4, 16])
    assert recoverable_in_return(linked, before) == [key("sex", "unknown"), key("sex", "declined")]


def test_linked_cells_are_withheld_in_every_table_they_appear_in() -> None:
    ret = sex_return([700, 250, 0, 0, 30, 4, 16])
    after = publish(ret, Level.PUBLICATION, 10, 1)
    assert cells(after, "survivors_sex") == ["700", "250", "0", "0", "30", SUPPRESSED, SUPPRESSED]
    assert cells(after, "completeness") == ["950", "30", SUPPRESSED, SUPPRESSED]
    table = after.table("completeness")
    assert (table.primary_suppressed, table.secondary_suppressed) == (1, 1)
    assert recoverable_in_return(ret, after) == []


def test_the_answered_count_is_the_sum_of_the_answered_rows_and_is_kept_to_the_line_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """3 intersex people and 5 who preferred not to say. Linking alone hides the 12 not asked
    beside the 5 in the completeness row; but its 983 answered is female + male + intersex,
    so with female and male shown the 3 would follow. That sum is a derived line."""
    ret = sex_return([700, 280, 3, 0, 12, 5, 0])
    with monkeypatch.context() as patch:
        patch.setattr(suppression, "derived_lines", lambda grids, quantities: [])
        patch.setattr(protect, "_picks", lambda decisions, result, release: [])  # no audit
        without = publish(ret, Level.PUBLICATION, 10, 1)
    assert without.protection is not None and not without.protection.audit.ok
    assert cells(without, "survivors_sex") == [
        "700",
        "280",
        SUPPRESSED,
        "0",
        SUPPRESSED,
        SUPPRESSED,
        "0",
    ]
    assert cells(without, "completeness") == ["983", SUPPRESSED, SUPPRESSED, "0"]
    assert recoverable_in_return(ret, without) == ["survivors_sex[2,0]"]
    after = publish(ret, Level.PUBLICATION, 10, 1)
    assert cells(after, "survivors_sex") == [
        "700",
        SUPPRESSED,
        SUPPRESSED,
        "0",
        SUPPRESSED,
        SUPPRESSED,
        "0",
    ]
    assert cells(after, "completeness") == ["983", SUPPRESSED, SUPPRESSED, "0"]
    assert recoverable_in_return(ret, after) == []


def test_a_row_of_the_completeness_table_adds_up_to_the_cases_open() -> None:
    """Even alone, a completeness row with one withheld cell gives it away by subtraction."""
    table = completeness({"ethnicity": (985, 3, 12, 0), "sex": (990, 10, 0, 0)}, set())
    ret = Return(period=Q1, tables=(table,), excluded_for_consent=0)
    pub = publish(ret, Level.PUBLICATION, 10, 1)
    assert pub.table("completeness").cells[0][:4] == ("985", SUPPRESSED, SUPPRESSED, "0")
    assert recoverable_in_return(ret, pub) == []


def test_linked_cells_must_hold_the_same_count() -> None:
    ret = sex_return([700, 250, 0, 0, 30, 4, 16])
    sex, complete = ret.tables
    assert isinstance(complete, CountTable)
    wrong = replace(complete, counts=((951, 29, 4, 16),))
    with pytest.raises(ValueError, match=r"cases_open\.sex\.not_asked"):
        publish(replace(ret, tables=(sex, wrong)), Level.PUBLICATION)


# --- serialising and merging ------------------------------------------------------------------


def test_links_survive_serialisation_and_merging() -> None:
    ret = sex_return([700, 250, 0, 0, 30, 4, 16])
    assert return_from_json(return_to_json(ret)) == ret
    merged = sum_returns([ret, sex_return([500, 450, 2, 1, 20, 6, 21])])
    for before, after in zip(ret.tables, merged.tables, strict=True):
        assert isinstance(before, CountTable) and isinstance(after, CountTable)
        assert (after.cell_keys, after.rows_sum_to_total) == (
            before.cell_keys,
            before.rows_sum_to_total,
        )
    assert merged.table("completeness").counts == ((1903, 50, 10, 37),)  # type: ignore[union-attr]


def test_returns_whose_links_differ_are_not_merged() -> None:
    with pytest.raises(MergeRefused, match="links its cells"):
        sum_returns([sex_return([700, 250, 0, 0, 30, 4, 16]), sex_return([9] * 7, linked=False)])


def test_a_return_whose_linked_cells_disagree_is_malformed() -> None:
    raw = return_to_json(sex_return([700, 250, 0, 0, 30, 4, 16]))
    assert b'"counts":[[950,30,4,16]]' in raw
    with pytest.raises(MalformedReturn, match="same count"):
        return_from_json(raw.replace(b'"counts":[[950,30,4,16]]', b'"counts":[[949,31,4,16]]'))
    with pytest.raises(MalformedReturn, match="shape"):
        return_from_json(raw.replace(b'"cell_keys":[[null,', b'"cell_keys":[[', 1))


def test_a_return_written_before_links_still_reads() -> None:
    ret = sex_return([700, 250, 0, 0, 30, 4, 16], linked=False)
    raw = return_to_json(ret)
    for name in (b'"cell_keys":[],', b'"row_total_keys":[],', b'"rows_sum_to_total":false,'):
        assert name in raw
        raw = raw.replace(name, b"")
    assert return_from_json(raw) == ret


# --- any data -----------------------------------------------------------------------------------

small = st.one_of(st.integers(0, 12), st.integers(0, 40))
counts = st.one_of(st.integers(0, 12), st.integers(0, 60), st.integers(0, 400))


@st.composite
def linked_returns(draw: st.DrawFn) -> Return:
    """Characteristic tables of one population, its completeness table (linked rows, and a
    field counted there only), a table of that population linked to nothing, and maybe a
    one-way table whose cells are the row totals of a crossed table."""
    fields = []
    for n in range(draw(st.integers(1, 4))):
        answered = [draw(counts) for _ in range(draw(st.integers(1, 4)))]
        fields.append((f"f{n}", answered, [draw(small) for _ in STATES], draw(st.booleans())))
    own_row = [draw(counts) for _ in range(4)]
    population = max(sum(a) + sum(u) for _, a, u, _ in fields) + draw(st.integers(0, 30))
    population = max(population, sum(own_row))
    tables: list[CountTable] = []
    rows: dict[str, tuple[int, ...]] = {}
    for field, answered, unanswered, additive in fields:
        missing = population - sum(answered) - sum(unanswered)
        if additive:
            answered[draw(st.integers(0, len(answered) - 1))] += missing
        table = characteristic(field, answered, unanswered, additive=additive)
        tables.append(replace(table, total=population))
        rows[field] = (population - sum(unanswered), *unanswered)
    own_row[0] += population - sum(own_row)
    rows["asked_elsewhere"] = tuple(own_row)
    tables.append(completeness(rows, {f for f, _, _, _ in fields}))
    reported = draw(st.integers(0, population))
    tables.append(
        replace(
            characteristic("reported", [reported, population - reported], [0, 0, 0]), cell_keys=()
        )
    )
    if draw(st.booleans()):
        tables += crossed_pair(draw)
    return Return(period=Q1, tables=tuple(tables), excluded_for_consent=0)


def crossed_pair(draw: st.DrawFn) -> list[CountTable]:
    n_rows, n_cols = draw(st.integers(2, 5)), draw(st.integers(2, 4))
    body = tuple(tuple(draw(counts) for _ in range(n_cols)) for _ in range(n_rows))
    names = tuple(f"referrals.destination.d{i}" for i in range(n_rows))
    crossed = CountTable(
        id="crossed",
        title="Crossed",
        section="referrals",
        row_dimension="destination",
        rows=tuple(f"d{i}" for i in range(n_rows)),
        row_labels=tuple(f"D{i}" for i in range(n_rows)),
        counts=body,
        total=sum(map(sum, body)),
        total_group="referrals",
        columns=tuple(f"s{j}" for j in range(n_cols)),
        column_labels=tuple(f"S{j}" for j in range(n_cols)),
        column_dimension="status",
        row_total_keys=names,
    )
    one_way = replace(
        crossed,
        id="one_way",
        counts=tuple((sum(row),) for row in body),
        columns=("count",),
        column_labels=("Count",),
        column_dimension=None,
        row_total_keys=(),
        cell_keys=tuple((name,) for name in names),
    )
    return [one_way, crossed]


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(linked_returns(), st.integers(5, 15))
def test_a_linked_quantity_is_never_shown_in_one_table_and_withheld_in_another(
    ret: Return, k: int
) -> None:
    pub = publish(ret, Level.PUBLICATION, k)
    seen: dict[str, set[str]] = {}
    for table in ret.tables:
        assert isinstance(table, CountTable)
        shown = pub.table(table.id)
        width = len(table.columns)
        for i, names in enumerate(table.cell_keys):
            for j, name in enumerate(names):
                if name is not None:
                    seen.setdefault(name, set()).add(shown.cells[i][j if width > 1 else 0])
        for i, name in enumerate(table.row_total_keys):
            if name is not None:
                seen.setdefault(name, set()).add(shown.cells[i][width])
    for name, texts in seen.items():
        assert len(texts) == 1, (name, texts)  # all withheld, or all the same number


@PROPERTY
@given(linked_returns(), st.integers(5, 15))
def test_no_withheld_quantity_follows_from_all_the_tables_together(ret: Return, k: int) -> None:
    pub = publish(ret, Level.PUBLICATION, k)
    assert recoverable_in_return(ret, pub) == []


# --- the return as built ------------------------------------------------------------------------


def test_the_built_return_links_each_unanswered_row_to_its_completeness_cell(
    quarter_return: Return,
) -> None:
    complete = quarter_return.table("completeness")
    assert isinstance(complete, CountTable) and complete.rows_sum_to_total
    named = {
        name: (table.id, table.rows[i])
        for table in quarter_return.tables
        if isinstance(table, CountTable) and table.id != "completeness"
        for i, names in enumerate(table.cell_keys)
        for name in names
        if name is not None
    }
    for field, names in zip(complete.rows, complete.cell_keys, strict=True):
        if field == "referral_source":  # counted over every open case, its table only new ones
            assert names == (None,) * 4
            continue
        assert names[0] is None  # "answered" is a sum of rows, not a cell elsewhere
        for state, name in zip(STATES, names[1:], strict=True):
            assert name == key(field, state) and named[name][1] == state, field
    assert named[key("sex", "declined")] == ("survivors_sex", "declined")
    assert named["referrals_started.destination.gp"] == ("referrals_by_destination", "gp")
    crossed = quarter_return.table("referrals_destination_by_status")
    assert (
        isinstance(crossed, CountTable)
        and "referrals_started.destination.gp" in crossed.row_total_keys
    )
    assert quarter_return.table("feedback_service_feedback_exit").rows_sum_to_total  # type: ignore[union-attr]


@pytest.mark.parametrize("k", [5, 10])
def test_nothing_withheld_in_the_built_return_can_be_worked_out(
    quarter_return: Return, k: int
) -> None:
    pub = publish(quarter_return, Level.PUBLICATION, k)
    assert pub.secondary_suppressed > 0 or k == 10  # at 10, all 8 cases' cells are primary
    assert recoverable_in_return(quarter_return, pub) == []
