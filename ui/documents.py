"""The one place the interface reaches the PDF documents of reports/ (imported lazily, so the window
opens without loading reportlab). Each builder writes a PDF file and returns its path."""
import gc
import importlib
from pathlib import Path

from app.domain.errors import DabirError
from ui import strings as S

MODULES = {"minutes": "reports.minutes", "report": "reports.followup",
           "attendance": "reports.attendance", "invitation": "reports.invitation"}
LABELS = {"minutes": S.DOC_MINUTES, "report": S.DOC_REPORT, "attendance": S.DOC_ATTENDANCE,
          "invitation": S.DOC_INVITATION}
MEETING_KINDS = {"minutes", "attendance", "invitation"}


def _module(kind: str):
    try:
        module = importlib.import_module(MODULES[kind])
    except (ImportError, KeyError):
        raise DabirError(S.DOC_NOT_READY, f"document '{kind}' is not available in this build") from None
    if not (hasattr(module, "load") and hasattr(module, "render")):
        raise DabirError(S.DOC_NOT_READY, f"document '{kind}' is not available in this build")
    return module


def build(db, kind: str, out: Path, meeting_id: str | None = None, progress=None, **filters) -> Path:
    """Write document `kind` for a meeting (minutes, attendance, invitation) or for the tracker's
    filters (report: committee, status, organization) to `out`. Runs on the worker thread.
    `progress(pages_done)` is called once the data is read and after each page (ui/ops raises
    Cancelled from it when the user cancels, which stops the build)."""
    from reports.layout import ON_PAGE
    module = _module(kind)
    report = progress or (lambda _done: None)
    report(0)
    was_frozen = gc.get_freeze_count() > 0          # a long list froze its rows (ui/models/paged)
    gc.freeze()                                      # see below
    if kind in MEETING_KINDS:
        if not meeting_id:
            raise DabirError(S.DOC_NEEDS_MEETING, "choose a meeting first")
        data = module.load(db, meeting_id)
    else:
        data = module.load(db, **{k: v for k, v in filters.items() if v})
    # Everything alive before the load and after it (the window's objects, the rows just read: frozen
    # DTOs without reference cycles) leaves the cyclic collector's view while the document builds: a
    # full collection over it, triggered by the allocations on this thread, held the GIL, and so the
    # GUI thread, for 50-200 ms (bench/bench_documents_gui.py). Objects are still freed by reference
    # counting meanwhile; afterwards the collector sees them again, unless a long list had frozen its
    # rows before (it unfreezes them itself on reload).
    gc.freeze()
    report(0)
    token = ON_PAGE.set(report)
    try:
        module.render(data, str(out))
    finally:
        ON_PAGE.reset(token)
        if not was_frozen:
            gc.unfreeze()
    from app.services import issued             # the register `dabir verify` consults (docs/pdf.md)
    with db.session() as s:
        issued.issue_file(s, kind, out, meeting_id if kind in MEETING_KINDS else None)
    return out


def sign(db, src: Path, out: Path, passphrase: str | None = None) -> Path:
    """Sign a built document with this office's key (reports/signing.py). Runs on the worker thread;
    a passphrase asked for on the GUI thread is passed in (see DocumentsScreen.sign)."""
    from reports import signing
    return signing.sign_file(db, src, out, prompt=(lambda _: passphrase) if passphrase else None)
