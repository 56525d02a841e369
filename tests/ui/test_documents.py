"""The documents screen: preview a PDF with QtPdf, save it elsewhere byte for byte, print every page;
and a document reports/ cannot build yet is a Persian message, not a crash."""
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from app.services import meetings
from ui import documents

from .helpers import error_boxes, settle, open_window


def qt_pdf(path, pages: int):
    """A small PDF to preview (Qt writes it; the documents themselves come from reports/)."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    for i in range(pages):
        if i:
            writer.newPage()
        painter.drawText(100, 100, f"page {i + 1}")
    painter.end()
    return path


def _window(qtbot, tmp_path):
    return open_window(qtbot, tmp_path / "d.dabir", show=False)


def test_preview_save_as_and_print(qtbot, tmp_path):
    w = _window(qtbot, tmp_path)
    docs = w.screen("documents")
    w.show_view("documents")
    assert not docs.print_button.isEnabled() and not docs.save_button.isEnabled()
    docs._loaded(qt_pdf(tmp_path / "made.pdf", 3))
    assert docs.document.status() == QPdfDocument.Status.Ready and docs.document.pageCount() == 3
    assert docs.print_button.isEnabled() and docs.save_button.isEnabled()

    saved = docs.save_as(str(tmp_path / "copy.pdf"))
    assert saved.read_bytes() == (tmp_path / "made.pdf").read_bytes()

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0)))
    assert docs.print_to(printer) == 3
    printed = QPdfDocument()
    printed.load(str(tmp_path / "printed.pdf"))
    assert printed.pageCount() == 3
    w.runner.wait()
    w.db.close()


def test_ctrl_p_from_a_meeting_asks_for_its_minutes(qtbot, tmp_path, monkeypatch):
    w = _window(qtbot, tmp_path)
    calls = []
    real_build = documents.build

    def spy(db, kind, out, meeting_id=None, **filters):
        calls.append((kind, meeting_id))
        return real_build(db, kind, out, meeting_id=meeting_id, **filters)
    monkeypatch.setattr(documents, "build", spy)
    with w.db.session() as s:
        mid = meetings.list_meetings(s)[0].id
    w.show_view(f"meeting:{mid}")
    settle(qtbot, w)
    w.print_action.trigger()
    settle(qtbot, w)
    assert calls == [("minutes", mid)]
    assert w.stack.currentWidget() is w.screen("documents")
    docs = w.screen("documents")
    assert docs.document.status() == QPdfDocument.Status.Ready and docs.document.pageCount() >= 1
    assert not error_boxes(docs)


def test_every_document_kind_previews(qtbot, tmp_path):
    w = _window(qtbot, tmp_path)
    w.show_view("documents")
    docs = w.screen("documents")
    settle(qtbot, w)
    for kind in ("report", "attendance", "invitation", "minutes"):
        docs.kind.setCurrentIndex(docs.kind.findData(kind))
        assert docs.meeting.isVisibleTo(docs) == (kind != "report")
        docs.make()
        settle(qtbot, w)
        assert docs.document.status() == QPdfDocument.Status.Ready, kind
        assert docs.path.name.startswith(kind) and docs.path.read_bytes().startswith(b"%PDF")
    assert not error_boxes(docs)
    # the follow-up report for one organisation
    docs.kind.setCurrentIndex(docs.kind.findData("report"))
    docs.organization.setCurrentIndex(docs.organization.findText("سازمان جهاد کشاورزی لرستان"))
    docs.status.setCurrentIndex(docs.status.findData("all"))
    docs.make()
    settle(qtbot, w)
    assert docs.document.status() == QPdfDocument.Status.Ready and not error_boxes(docs)
    assert docs.organization.currentIndex() > 0
    w.runner.wait()
    w.db.close()


def test_adapter_refuses_unknown_documents_in_persian(tmp_path):
    import pytest
    from app.domain.errors import DabirError
    with pytest.raises(DabirError) as err:
        documents.build(None, "nonsense", tmp_path / "x.pdf")
    assert "سند" in err.value.fa


def test_digital_signature_button_signs_the_previewed_minutes(qtbot, tmp_path, monkeypatch):
    """«امضای دیجیتال»: the previewed minutes are signed with the office key (made on first use) and the
    signed copy is what the preview shows, ready to save; poppler's pdfsig finds it valid."""
    import subprocess

    from reports import signing
    monkeypatch.setenv("DABIR_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("DABIR_KEY_PASSPHRASE", "آزمون")
    w = open_window(qtbot, tmp_path / "d.dabir")           # shown: a click reaches only a painted button
    docs = w.screen("documents")
    with w.db.session() as s:
        mid = meetings.list_meetings(s)[0].id
    w.show_view("documents")
    assert not docs.sign_button.isEnabled()
    docs.show_document("minutes", mid)
    settle(qtbot, w)
    assert docs.sign_button.isEnabled() and docs.sign_button.text() == "امضای دیجیتال"
    unsigned = docs.path
    qtbot.mouseClick(docs.sign_button, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    w.runner.wait()
    settle(qtbot, w)
    assert not error_boxes(docs)
    assert docs.path != unsigned and docs.path.name.startswith("signed-")
    assert docs.document.status() == QPdfDocument.Status.Ready
    checks = signing.check(docs.path)
    assert len(checks) == 1 and checks[0].intact and checks[0].whole_file and checks[0].field == "Secretary"
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(docs.path)], capture_output=True, text=True).stdout
    saved = docs.save_as(str(tmp_path / "signed-copy.pdf"))
    assert saved.read_bytes() == docs.path.read_bytes()
    w.db.close()
