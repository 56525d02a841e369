"""The attachments tab (issue 14): the meeting's files and the selected resolution's."""
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui import strings as S


class AttachmentsMixin:
    """MeetingEditor's attachments tab; `self` is the editor."""

    def _attachments_tab(self) -> QWidget:
        from ui.widgets.attachments import AttachmentsPanel
        w = QWidget(self)
        self.meeting_files = AttachmentsPanel(self.runner, S.MEETING_ATTACHMENTS, w)
        self.resolution_files = AttachmentsPanel(self.runner, S.NO_RESOLUTION_SELECTED, w)
        lay = QVBoxLayout(w)
        lay.addWidget(self.meeting_files, 1)
        lay.addWidget(self.resolution_files, 1)
        return w
