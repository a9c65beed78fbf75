"""The service's waiting list: priorities, contact attempts, allocation."""
