"""Organisation settings (auto-lock, terminology, ...) stored inside the encrypted vault, so they
travel with it. Values are text; ``survivorapp.domain.settings`` parses and checks them."""

VERSION = 3
STATEMENTS = [
    """CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID""",
]
