"""The return's tables, one module per section, and the kit they are built with."""
