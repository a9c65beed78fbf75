"""Admin: users and roles, settings, questionnaires, commissioner keys, vault checks."""
