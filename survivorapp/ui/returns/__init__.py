"""The anonymised aggregate return: choosing a period, the preview, the export."""
