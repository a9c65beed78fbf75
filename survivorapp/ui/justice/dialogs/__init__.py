"""The justice journey's dialogs: each collects one kind of record and emits it once valid."""
