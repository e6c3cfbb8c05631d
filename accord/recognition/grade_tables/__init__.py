"""Grade distribution tables: kept by the international office, read by all, imported from spreadsheets."""
