"""What every Windows form does, for every widget of the window at once (one application-wide event
filter, installed by ui.app.setup_application), so that no screen has to remember it (issue 25):

- **a push button acts once per double-click.** A double-click reaches a button as press, release,
  press, double-click, release: two clicks, so «جلسه جدید» made two meetings and «ثبت پیگیری» recorded
  two follow-ups. The release after Qt's double-click event (Qt's own judgement of time and distance)
  lifts the button without a click;
- **a repeated Enter acts once.** Two Enter presses on the same field within the double-click
  interval, with no other key between (or a held Enter's auto-repeat), are one Enter;
- **Tab into a line edit selects its content**, so typing replaces it. QLineEdit does this itself only
  when nothing is selected yet and never for a read-only field; a field whose text was set (a screen
  reload) after the focus arrived kept the cursor at the end, and typing appended.

Operations that take longer than a double-click are guarded by `ui.ops.OpRunner.write(guard=...)`,
which disables the button or action until the operation has finished.
"""
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TAB_REASONS = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)


class FormHabits(QObject):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._swallowing = None          # the button whose second click of a double-click is dropped
        self._enter = None               # (widget, time) of the last Enter, until another key comes

    @staticmethod
    def _interval() -> float:
        return QApplication.doubleClickInterval() / 1000

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                    QEvent.Type.MouseButtonRelease) and isinstance(obj, QPushButton):
            return self._button(obj, kind, event)
        if kind == QEvent.Type.KeyPress:
            return self._key(obj, event)
        if kind == QEvent.Type.FocusIn and isinstance(obj, QLineEdit) and event.reason() in _TAB_REASONS:
            # after Qt's own focus handling (which may place the cursor), as the user sees the field
            QTimer.singleShot(0, obj, obj.selectAll)
        return False

    def _button(self, button, kind, event) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if kind == QEvent.Type.MouseButtonDblClick:
            self._swallowing = button                # Qt saw a double-click: its second click does nothing
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._swallowing is button:
            self._swallowing = None
            button.setDown(False)                    # up again, without a click
            return True
        if kind == QEvent.Type.MouseButtonPress:
            self._swallowing = None
        return False

    def _key(self, obj, event) -> bool:
        if obj is not QApplication.focusWidget():
            return False                 # the same key offered to a popup or, ignored, to the parents
        if event.key() not in _ENTER:
            if event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
                self._enter = None
            return False
        if event.isAutoRepeat():
            return True
        now = time.monotonic()
        last = self._enter
        if last is not None and last[0] is obj and now - last[1] < self._interval():
            return True
        self._enter = (obj, now)
        return False


def install(app: QApplication) -> FormHabits:
    habits = FormHabits(app)
    app.installEventFilter(habits)
    return habits
