"""Statistics reports from the register: figures (pure), XLSX, CSV and a printable page."""
