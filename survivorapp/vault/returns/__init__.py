"""The return's aggregate queries: GROUP BY in SQL over the counted cases, read only."""
