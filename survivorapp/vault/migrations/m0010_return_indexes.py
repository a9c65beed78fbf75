"""Indexes for the anonymised return on a large vault (DESIGN.md section 7, bench_returns).

Measured on the 100,000-case synthetic vault, where a year's return read most of its time in
page decryption (each page read is an HMAC check and a decryption):

- The few consents that say no to statistics, as a partial index: the return finds the
  survivors who ever said no from it (``ReturnScope._build``) instead of reading all 380,000
  consent rows. About 0.1 MB; saves about 0.1 s warm and more from a cold cache.
- ``sessions_by_case`` widened with the columns the return sums (mode, kind, minutes), so that
  sessions by mode and kind, and hours, read the index alone rather than every session's row
  (rows that hold the notes). Same leading columns, so every query that used it still does.
  About 20 MB more on that vault (23 MB to 43 MB, 4% of the file); saves about 0.15 s.
"""

VERSION = 10
STATEMENTS = [
    "CREATE INDEX consents_refusing_statistics ON consents(case_reference) "
    "WHERE purpose = 'anonymised_statistics' AND state IN ('refused', 'withdrawn')",
    "DROP INDEX sessions_by_case",
    "CREATE INDEX sessions_by_case "
    "ON sessions(case_reference, session_date, mode, kind, duration_minutes)",
]
