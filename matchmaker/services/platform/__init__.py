"""Shared by every area: access rules, audit trail, mail, background jobs, pages of results,
field validation and spreadsheet files."""
