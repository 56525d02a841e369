"""Issue 22: File ▸ «کلیدهای مورد اعتماد…», driven with real clicks. Three offices' real keys
(signing_keys, PKCS#12 in three key folders): this office's own (trusted, not removable), office B's
certificate proposed by the open file (trusted only after its full fingerprint is shown and
confirmed), office C's handed over as a .cer file; then B's removed with confirmation. The store is
this test's own trust folder; the .dabir file is never written by any of it."""
import hashlib
import json
import os

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from app.services import issued, signing_keys, trust
from ui.trust_keys import TrustKeysDialog

from .helpers import answer_next_box, click_row, error_boxes, open_window, settle

B_ID, C_ID = "0b0b0b0b-0000-4000-8000-00000000000b", "0c0c0c0c-0000-4000-8000-00000000000c"


def _key_elsewhere(monkeypatch, tmp_path, office_id, name):
    """Another office's key, made in that office's own key folder (another machine)."""
    here = os.environ["DABIR_KEY_DIR"]
    monkeypatch.setenv("DABIR_KEY_DIR", str(tmp_path / f"keys-{office_id[:2]}"))
    key = signing_keys.office_key(office_id, name)
    monkeypatch.setenv("DABIR_KEY_DIR", here)
    return key


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _answer_file_dialog(path) -> None:
    """Pick `path` in the (Qt, non-native) file dialog when it appears."""
    def pick():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            dialog.selectFile(str(path))
            dialog.accept()
        else:
            QTimer.singleShot(20, pick)
    QTimer.singleShot(0, pick)


def _rows(dialog) -> list[tuple[str, str, str]]:
    t = dialog.table
    return [tuple(t.item(r, c).text() for c in range(3)) for r in range(t.rowCount())]


def _row_of(dialog, fingerprint) -> int:
    return next(i for i, (_, key) in enumerate(dialog.rows) if key.fingerprint == fingerprint)


def _store(tmp_path) -> bytes:
    return (tmp_path / "trust" / "trusted-keys.json").read_bytes()


def test_trust_screen_adds_a_proposed_key_and_a_certificate_file_and_removes_one(qtbot, tmp_path, monkeypatch):
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding
    monkeypatch.setenv("DABIR_KEY_PASSPHRASE", "گذرواژه آزمون")
    path = tmp_path / "a.dabir"
    w = open_window(qtbot, path)
    try:
        signing_keys.office_key(w.db.office_id, "استانداری لرستان")        # made here, as signing makes it
        own = trust.trust_own_key(w.db.office_id, "استانداری لرستان")
        key_b = _key_elsewhere(monkeypatch, tmp_path, B_ID, "فرمانداری بروجرد")
        key_c = _key_elsewhere(monkeypatch, tmp_path, C_ID, "فرمانداری الیگودرز")
        with w.db.session() as s:          # B's certificate, as a merge brings it: a proposal only
            issued.add_certificate(s, key_b.fingerprint, key_b.certificate_pem, B_ID, "فرمانداری بروجرد")
        cer = tmp_path / "c.cer"
        cer.write_bytes(x509.load_pem_x509_certificate(key_c.certificate_pem.encode()).public_bytes(Encoding.DER))
        before = _digest(path)

        assert w.trust_action.text() == "کلیدهای مورد اعتماد…"
        w.trust_action.trigger()
        dialog = w.findChild(TrustKeysDialog)
        qtbot.waitExposed(dialog)
        settle(qtbot, w)
        rows = _rows(dialog)
        # this office's keys: the signing key, and the row key that signed the demo's register entries
        # and deletions (issue 22), if the demo made one; both are «کلید همین دفتر»
        own_fps = {k.fingerprint for k in trust.trusted_keys() if trust.is_own(k)}
        mine = ["کلید همین دفتر"] * len(own_fps)
        assert own.fingerprint in own_fps
        assert [r[0] for r in rows] == mine + ["پیشنهاد پرونده (تأییدنشده)"]
        # the office's two keys are told apart: the row key says what it signs
        names = [r[1] for r in rows[:len(mine)]]
        assert names.count("استانداری لرستان") == 1
        assert all(n == "استانداری لرستان" or n.startswith("استانداری لرستان — کلید ردیف‌ها") for n in names)
        rows = rows[len(mine) - 1:]        # rows[1] is B's proposal below
        assert rows[1][1] == "فرمانداری بروجرد (به ادعای پرونده)"
        # the fingerprint in hex, groups of four, kept left to right (no Persian digits)
        spaced = trust.spaced(key_b.fingerprint)
        assert rows[1][2].replace("\u2066", "").replace("\u2069", "").replace("\n", " ") == spaced
        assert all(line.startswith("\u2066") and line.endswith("\u2069") for line in rows[1][2].splitlines())
        assert not any("۰" <= ch <= "۹" for ch in rows[1][2])
        # nothing chosen: neither act; this office's own key: no removal
        assert not dialog.add_proposed_button.isEnabled() and not dialog.remove_button.isEnabled()
        click_row(qtbot, dialog.table, _row_of(dialog, own.fingerprint))
        assert not dialog.remove_button.isEnabled() and not dialog.add_proposed_button.isEnabled()

        # B's proposed key: the full fingerprint shown; "no" trusts nothing, "yes" trusts it
        click_row(qtbot, dialog.table, _row_of(dialog, key_b.fingerprint))
        assert dialog.add_proposed_button.isEnabled() and not dialog.remove_button.isEnabled()
        seen = []
        answer_next_box(yes=False, seen=seen)
        qtbot.mouseClick(dialog.add_proposed_button, Qt.MouseButton.LeftButton)
        settle(qtbot, w)
        assert trust.find(key_b.fingerprint) is None
        answer_next_box(yes=True, seen=seen)
        qtbot.mouseClick(dialog.add_proposed_button, Qt.MouseButton.LeftButton)
        settle(qtbot, w)
        flat = seen[1].replace("\u2066", "").replace("\u2069", "").replace("\n", " ")
        assert spaced in flat and "فرمانداری بروجرد" in seen[1]
        found = trust.find(key_b.fingerprint)
        assert found is not None and found.office_id == B_ID and not found.own
        assert "فرمانداری بروجرد" in dialog.status.text()
        assert [r[0] for r in _rows(dialog)] == mine + ["مورد اعتماد"]

        # C's certificate file, through the file dialog; its office read from the certificate
        _answer_file_dialog(cer)
        answer_next_box(yes=True, seen=seen)
        qtbot.mouseClick(dialog.add_file_button, Qt.MouseButton.LeftButton)
        settle(qtbot, w)
        assert trust.spaced(key_c.fingerprint) in seen[2].replace("\u2066", "").replace("\u2069", "").replace("\n", " ")
        found = trust.find(key_c.fingerprint)
        assert found is not None and found.office_name == "فرمانداری الیگودرز"
        assert [r[1] for r in _rows(dialog)][len(mine) + 1] == "فرمانداری الیگودرز"

        # a file that is no certificate: a Persian message, the store unchanged
        junk = tmp_path / "junk.cer"
        junk.write_bytes(b"not a certificate")
        store = _store(tmp_path)
        _answer_file_dialog(junk)
        qtbot.mouseClick(dialog.add_file_button, Qt.MouseButton.LeftButton)
        settle(qtbot, w)
        boxes = error_boxes(dialog)
        assert len(boxes) == 1 and "فایل گواهی کلید نیست" in boxes[0].text()
        boxes[0].accept()
        assert _store(tmp_path) == store

        # B removed, after a confirmation naming it; it is a proposal of the file again
        click_row(qtbot, dialog.table, _row_of(dialog, key_b.fingerprint))
        assert dialog.remove_button.isEnabled()
        store = _store(tmp_path)
        answer_next_box(yes=False, seen=seen)
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        settle(qtbot, w)
        assert _store(tmp_path) == store
        answer_next_box(yes=True, seen=seen)
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        settle(qtbot, w)
        assert "فرمانداری بروجرد" in seen[-1] and spaced in seen[-1].replace("\u2066", "").replace(
            "\u2069", "").replace("\n", " ")
        assert trust.find(key_b.fingerprint) is None and trust.find(key_c.fingerprint) is not None
        assert trust.find(own.fingerprint) is not None
        assert [r[0] for r in _rows(dialog)] == mine + ["مورد اعتماد", "پیشنهاد پرونده (تأییدنشده)"]
        assert {k["fingerprint"] for k in json.loads(_store(tmp_path))["keys"]} == own_fps | {key_c.fingerprint}

        # fits a 1024 × 768 screen, and the picture of it
        hint = dialog.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 768, hint
        dialog.resize(1024, 600)
        settle(qtbot, w)
        dialog.grab().save(str(tmp_path / "trust-keys.png"))
        if os.environ.get("DABIR_SCREENSHOTS"):
            dialog.grab().save(os.path.join(os.environ["DABIR_SCREENSHOTS"], "trust-keys.png"))
        dialog.accept()
        w.runner.wait()
        assert _digest(path) == before           # trusting and untrusting never writes the file
    finally:
        w.runner.wait()
        w.db.close()
