"""The meeting editor: a thin container (editor.py) and one module per tab, each a mixin of MeetingEditor
so the widgets and handlers stay the editor's own attributes."""
from ui.screens.meeting_editor.editor import MeetingEditor

__all__ = ["MeetingEditor"]
