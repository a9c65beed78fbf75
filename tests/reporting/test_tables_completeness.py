"""Section 8 (data completeness), and the shape every table must keep for merging."""

from __future__ import annotations

from survivorapp.reporting.build import SECTIONS
from survivorapp.reporting.model import CountTable, Return


def test_completeness_counts_each_answer_state(quarter_return: Return) -> None:
    table = quarter_return.table("completeness")
    assert isinstance(table, CountTable)
    assert table.columns == ("answered", "not_asked", "declined", "unknown")
    rows = dict(zip(table.rows, table.counts, strict=True))
    assert rows["referral_source"] == (7, 1, 0, 0)  # L's source was never asked
    assert rows["age"] == (5, 2, 1, 0)  # C declined; H and L not asked
    assert rows["ethnicity"] == (6, 1, 1, 0)
    assert rows["disability"] == (5, 1, 1, 1)
    assert rows["sexual_orientation"] == (5, 2, 1, 0)
    assert rows["interpreter_needed"] == (5, 2, 0, 1)
    assert rows["incident_types"] == (5, 2, 1, 0)
    assert rows["perpetrator_relationship"] == (4, 2, 1, 1)
    assert rows["domestic_abuse_related"] == (4, 3, 0, 1)
    assert all(sum(counts) == 8 for counts in table.counts)


def test_every_table_checks_and_sections_are_in_order(quarter_return: Return) -> None:
    order = [section for section, _ in SECTIONS]
    seen = [order.index(t.section) for t in quarter_return.tables]
    assert seen == sorted(seen)
    ids = [t.id for t in quarter_return.tables]
    assert len(ids) == len(set(ids))
    for table in quarter_return.tables:
        if isinstance(table, CountTable):
            table.check()
