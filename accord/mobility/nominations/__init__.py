"""Nominations: ours sent to the host and its answer; theirs imported (EWP XML, spreadsheet) and answered."""
