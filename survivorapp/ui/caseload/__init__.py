"""The caseload: the paged list of cases, its filters, and opening a new case."""
