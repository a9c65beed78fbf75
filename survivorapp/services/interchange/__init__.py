"""Records in and out as JSON Lines (docs/interchange.md): checking, importing, exporting."""
