"""reporting layer (see ../shared/DESIGN.md section 2)."""
