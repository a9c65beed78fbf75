"""Indexes for the caseload on a large vault (DESIGN.md section 7, measured by bench_ui).

- ``cases(reference, survivor_reference)``: the caseload's default order with the column the
  visibility check needs, so listing and searching 100,000 cases reads one index in order
  instead of every case row.
- The few restricted survivors, as a partial index: the visibility check lists them once per
  query (``Visibility.clause``) instead of joining every case to its survivor.
"""

VERSION = 4
STATEMENTS = [
    "CREATE INDEX cases_by_reference_survivor ON cases(reference, survivor_reference)",
    "CREATE INDEX survivors_restricted ON survivors(reference) WHERE restricted <> 0",
]
