"""Exports from the GUI (issue 14): ask where to save, under the document's default name; build the
file on the worker thread through app.services.exports; write it atomically; say where it went.

The tracker, the documents screen and the meeting editor each call one function here, so the save
dialog and its default name are the same everywhere."""
from pathlib import Path

from app.services import meetings, naming
from app.services.exports import write_file
from ui import strings as S
from ui.dialogs import choose_file

FILTERS = {"xlsx": S.XLSX_FILTER, "docx": S.DOCX_FILTER, "ics": S.ICS_FILTER, "pdf": S.PDF_FILTER}
# (document kind, format) -> the service that builds it: f(session, **args) -> bytes
MEETING_EXPORTS = {"minutes": "docx", "invitation": "ics"}


def ask_save_path(parent, name: str, ext: str, folder: Path | None = None) -> str | None:
    """The save dialog, opening on `name` in `folder` (default: home); None if cancelled."""
    start = str((folder or Path.home()) / name)
    target = choose_file(parent, S.SAVE_AS, start, FILTERS[ext], save=True)   # Qt's own dialog, in Persian
    if not target:
        return None
    return target if target.lower().endswith(f".{ext}") else f"{target}.{ext}"


def _run(parent, runner, target: str, build, on_done=None) -> None:
    def work(s):
        return write_file(target, build(s))
    runner.query(parent, work, on_done or (lambda _: None), label=S.EXPORTING)


def export_tracker(parent, runner, committee_name: str | None = None, on_done=None, **filters) -> None:
    """The tracker's rows for `filters` (list_resolutions' arguments) as .xlsx."""
    from app.services.exports.tracker_xlsx import tracker_xlsx
    target = ask_save_path(parent, naming.report_file_name("tracker", committee_name, ext="xlsx"), "xlsx")
    if target:
        _run(parent, runner, target, lambda s: tracker_xlsx(s, **{k: v for k, v in filters.items() if v}),
             on_done)


def export_meeting(parent, runner, kind: str, meeting_id: str, on_done=None) -> None:
    """A meeting's minutes as .docx or its invitation as .ics. The default name needs the meeting, so
    it is read first (a quick query), then the dialog opens."""
    from app.services.exports.invitation_ics import invitation_ics
    from app.services.exports.minutes_docx import minutes_docx
    ext = MEETING_EXPORTS[kind]
    build = {"minutes": minutes_docx, "invitation": invitation_ics}[kind]

    def ask(m):
        target = ask_save_path(parent, naming.meeting_file_name(kind, m.committee.name, m.number, m.date, ext), ext)
        if target:
            _run(parent, runner, target, lambda s: build(s, meeting_id), on_done)
    runner.query(parent, lambda s: meetings.get_meeting(s, meeting_id), ask)


def export_report(parent, runner, committee: str | None = None, organization: str | None = None,
                  status: str | None = "open", on_done=None) -> None:
    """The follow-up report's selection (committee and organisation by name, as the documents screen
    holds them) as .xlsx: the same rows as the PDF report."""
    from app.services.exports.tracker_xlsx import filter_ids, tracker_xlsx
    target = ask_save_path(parent, naming.report_file_name("tracker", committee, ext="xlsx"), "xlsx")
    if target:
        _run(parent, runner, target,
             lambda s: tracker_xlsx(s, status=status or "open", **filter_ids(s, committee, organization)), on_done)
