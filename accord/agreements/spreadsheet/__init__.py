"""Agreements as spreadsheets: the columns, the export and template, and the all-or-nothing import."""
