"""«داشبورد» (issue 26): the per-body figures of `dabir stats` at a glance: a bar chart (done, open,
overdue per body, the printed chart's colours and order) and the table of figures, for one committee
or all. Clicking a bar opens the tracker filtered to that body and that status.

The chart is painted here (QPainter), not Qt Charts: it reads right to left like the printed one,
and each bar's rectangle is known, so a click finds its bar without a hit-test API."""
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea, QSizePolicy, QTableView,
                               QVBoxLayout, QWidget)

from app.domain import jalali
from app.services import lookups, stats
from ui import fmt
from ui import strings as S
from ui.ops import PENDING_EDIT
from ui.widgets.common import compact_combo, refill

# (figure, label, colour, the tracker's status filter for it): the printed chart's three series
SERIES = (("done", S.DASHBOARD_DONE, "#2e7d32", "done"), ("open", S.DASHBOARD_OPEN, "#1565c0", "open"),
          ("overdue", S.DASHBOARD_OVERDUE, "#c62828", "overdue"))
RELOAD_ON = {"resolution", "resolution_party", "follow_up", "meeting", "committee", "organization", "person",
             "amendment"}
BAR_H, BAR_GAP, ROW_GAP, LABEL_W, LEGEND_H, MARGIN = 10, 2, 10, 230, 26, 10


class BodyChart(QWidget):
    """Horizontal bars per body, growing leftwards from the names on the right."""
    bar_clicked = Signal(int, str)          # the body's row, the series' figure name

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[stats.BodyStats] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(self, rows) -> None:
        self.rows = list(rows)
        self.setMinimumHeight(self._height())
        self.updateGeometry()
        self.update()

    def _row_h(self) -> int:
        return len(SERIES) * BAR_H + (len(SERIES) - 1) * BAR_GAP + ROW_GAP

    def _height(self) -> int:
        return LEGEND_H + len(self.rows) * self._row_h() + MARGIN

    def sizeHint(self):
        from PySide6.QtCore import QSize
        return QSize(600, self._height())

    def _top(self) -> int:
        from reports.chart import scale_max            # one tidy scale rule, in print and on screen
        return scale_max(self.rows)

    def bar_rect(self, row: int, figure: str) -> QRectF:
        """Where the bar of `figure` for body `row` is drawn (an empty bar still has a clickable strip)."""
        right = self.width() - LABEL_W - MARGIN
        plot_w = max(right - MARGIN - 30, 10)
        j = [key for key, *_ in SERIES].index(figure)
        value = getattr(self.rows[row], figure)
        w = plot_w * value / self._top()
        y = LEGEND_H + row * self._row_h() + j * (BAR_H + BAR_GAP)
        return QRectF(right - w, y, w, BAR_H)

    def bar_at(self, pos) -> tuple[int, str] | None:
        right = self.width() - LABEL_W - MARGIN
        for row in range(len(self.rows)):
            for key, *_ in SERIES:
                r = self.bar_rect(row, key)
                hit = QRectF(min(r.left(), right - 6), r.top(), max(r.width(), 6), r.height())
                if hit.contains(pos):
                    return row, key
        return None

    def mouseMoveEvent(self, event):
        hit = self.bar_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
        if hit:
            body, key = self.rows[hit[0]], hit[1]
            label = next(lbl for k, lbl, *_ in SERIES if k == key)
            self.setToolTip(S.DASHBOARD_TIP.format(body=body.organisation, label=label,
                                                   count=fmt.num(getattr(body, key))))
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event):
        hit = self.bar_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if hit:
            self.bar_clicked.emit(*hit)
            return
        super().mousePressEvent(event)

    def paintEvent(self, _event):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        x = self.width() - MARGIN
        metrics = p.fontMetrics()
        for _key, label, colour, _ in SERIES:           # the legend, from the right
            p.fillRect(QRectF(x - 12, 6, 12, 12), QColor(colour))
            w = metrics.horizontalAdvance(label)
            p.setPen(Qt.GlobalColor.black)
            p.drawText(QRectF(x - 18 - w, 2, w + 2, 20), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                       label)
            x -= 30 + w
        if not self.rows:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, S.DASHBOARD_EMPTY)
            return
        right = self.width() - LABEL_W - MARGIN
        for row, body in enumerate(self.rows):
            top = LEGEND_H + row * self._row_h()
            p.setPen(Qt.GlobalColor.black)
            p.drawText(QRectF(right + 6, top, LABEL_W - 6, self._row_h() - ROW_GAP),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight | Qt.TextFlag.TextWordWrap,
                       body.organisation)
            for key, _label, colour, _ in SERIES:
                r = self.bar_rect(row, key)
                p.fillRect(r, QColor(colour))
                p.setPen(Qt.GlobalColor.black)
                text = fmt.num(getattr(body, key))
                p.drawText(QRectF(r.left() - 34, r.top() - 2, 30, BAR_H + 4),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text)
        p.setPen(QColor("#888888"))
        p.drawLine(int(right), LEGEND_H - 2, int(right), self._height() - MARGIN)


class StatsModel(QAbstractTableModel):
    """The figures as a table: organisation, then total … overdue."""
    HEADERS = S.DASHBOARD_COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[stats.BodyStats] = []

    def set_rows(self, rows):
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(stats.FIELDS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        value = list(self.rows[index.row()].as_json().values())[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return value if index.column() == 0 else fmt.num(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


class DashboardScreen(QWidget):
    open_tracker = Signal(str, str, str)    # organisation id (or ""), its name, the tracker's status filter

    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.committee = compact_combo(QComboBox(self), 16)    # a long committee name must not widen the window
        self.committee.addItem(S.ALL, None)
        self.as_of_label = QLabel(self)
        bar = QHBoxLayout()
        for w in (QLabel(S.COMMITTEE), self.committee):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.as_of_label)
        self.reminders_button = QPushButton(S.DASHBOARD_REMINDERS, self)      # a letter per body with overdue work
        bar.addWidget(self.reminders_button)
        self.chart = BodyChart(self)
        self.model = StatsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        hint = QLabel(S.DASHBOARD_HINT)
        hint.setWordWrap(True)                 # the window fits 1024 px (issue 25)
        lay.addWidget(hint)
        from ui.letters import result_label
        self.letters_label = result_label(self)      # the folder the reminders went to
        lay.addWidget(self.letters_label)
        self.scroll = QScrollArea(self)          # thirty bodies are taller than the window
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.chart)
        lay.addWidget(self.scroll, 3)
        lay.addWidget(self.table, 2)
        self._debounce = QTimer(self, singleShot=True, interval=250, objectName=PENDING_EDIT)
        self._debounce.timeout.connect(self.refresh)
        self.committee.currentIndexChanged.connect(lambda *_: self._debounce.start())
        self.chart.bar_clicked.connect(self._bar_clicked)
        self.reminders_button.clicked.connect(lambda: self.write_reminders())
        runner.bus.changed.connect(self.on_changes)
        self.load_choices()
        self.refresh()

    def load_choices(self):
        self.runner.query(self, lookups.committee_names, lambda rows: refill(self.committee, rows, S.ALL))

    def refresh(self):
        cid = self.committee.currentData()

        def show(rows):
            self.chart.set_rows(rows)
            self.model.set_rows(rows)
        self.runner.query(self, lambda s: stats.body_stats(s, cid), show)
        self.as_of_label.setText(S.DASHBOARD_AS_OF.format(date=fmt.date(jalali.today())))

    def _bar_clicked(self, row: int, figure: str):
        body = self.chart.rows[row]
        status = next(filter_ for key, _l, _c, filter_ in SERIES if key == figure)
        kind, id_ = body.key
        self.open_tracker.emit(id_ if kind == "organization" else "", body.organisation, status)

    def write_reminders(self, folder: str | None = None, on_done=None):
        """«نامه‌های یادآوری…»: a reminder letter per body with overdue resolutions (of the chosen
        committee, or all), numbered and registered as `dabir letters --overdue` writes them."""
        from app.services import letters
        from ui.letters import write_letters
        cid = self.committee.currentData()
        write_letters(self, self.runner, lambda s: letters.overdue_letters(s, None, cid), self.reminders_button,
                      self.letters_label, folder, on_done)

    def on_changes(self, changes):
        if changes.entities & {"committee"}:
            self.load_choices()
        if changes.entities & RELOAD_ON:
            self._debounce.start()
