"""The court diary: hearings coming up across the caseload."""
