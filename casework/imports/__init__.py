"""Bulk import of case files (CSV, XLSX): read, check every row, then load all or nothing."""
