"""One case: the case view page, its own tabs (overview, sessions, history) and dialogs."""
