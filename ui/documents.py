"""The one place the interface reaches the PDF documents of reports/ (imported lazily, so the window
opens without loading reportlab). Each builder writes a PDF file and returns its path."""
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


def build(db, kind: str, out: Path, meeting_id: str | None = None, **filters) -> Path:
    """Write document `kind` for a meeting (minutes, attendance, invitation) or for the tracker's
    filters (report: committee, status, organization) to `out`. Runs on the worker thread."""
    module = _module(kind)
    if kind in MEETING_KINDS:
        if not meeting_id:
            raise DabirError(S.DOC_NEEDS_MEETING, "choose a meeting first")
        data = module.load(db, meeting_id)
    else:
        data = module.load(db, **{k: v for k, v in filters.items() if v})
    module.render(data, str(out))
    from app.services import issued             # the register `dabir verify` consults (docs/pdf.md)
    with db.session() as s:
        issued.issue_file(s, kind, out, meeting_id if kind in MEETING_KINDS else None)
    return out


def sign(db, src: Path, out: Path, passphrase: str | None = None) -> Path:
    """Sign a built document with this office's key (reports/signing.py). Runs on the worker thread;
    a passphrase asked for on the GUI thread is passed in (see DocumentsScreen.sign)."""
    from reports import signing
    return signing.sign_file(db, src, out, prompt=(lambda _: passphrase) if passphrase else None)
