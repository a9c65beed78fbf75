"""Shared widgets and helpers every feature may use: dialogs, fields, labels, theme, cards."""
