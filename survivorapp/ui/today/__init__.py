"""Today: the dashboard a worker or manager starts the day with."""
