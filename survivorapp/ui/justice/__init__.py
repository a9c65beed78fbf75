"""The criminal-justice journey: the case's Justice journey tab and its dialogs."""
