"""Export writers: CSV, XLSX, ELAN, SDIS, plots, and the export runner shared by CLI and GUI."""
