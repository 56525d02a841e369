"""Exports for other programs (issue 14): the tracker to Excel, the minutes to Word, the invitation to
a calendar. Each is `f(session, ...) -> bytes`, built from the same services the PDFs use; the CLI
and the GUI write the bytes where the user asked. Labels come from reports/strings.py (plain data),
so a Word minutes reads like the printed one."""
