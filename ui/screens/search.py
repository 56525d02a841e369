"""Search everything (Ctrl+F): resolutions, follow-ups, agenda, meetings, committees and people,
through the search service; the matched words are highlighted in each snippet, and activating a hit
opens its meeting with that resolution or agenda item selected (or the hit's screen). At most LIMIT
hits at a time: more say «بیش از …» and a button shows the next LIMIT."""
from html import escape

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QPushButton, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QVBoxLayout, QWidget)

from app.services import search
from ui import fmt
from ui import strings as S
from ui.widgets.common import leave_tables_with_tab
from ui.widgets.tables import list_view
from ui.ops import PENDING_EDIT
from ui.models.paged import Column
from ui.models.table import ListTableModel

LIMIT = 200
SNIPPET_COLUMN = 3
HIGHLIGHT = "#ffe08a"


def snippet_html(hit) -> str:
    """The snippet with its matched words marked (the service gives their span)."""
    text = hit.snippet or ""
    if not hit.match:
        return escape(text)
    a, b = hit.match
    return (escape(text[:a]) + f'<span style="background-color:{HIGHLIGHT}; font-weight:bold">'
            + escape(text[a:b]) + "</span>" + escape(text[b:]))


class HighlightDelegate(QStyledItemDelegate):
    """Paints a snippet as rich text, right to left, with the match on a yellow ground."""

    def __init__(self, model, parent=None):
        super().__init__(parent)
        self.model = model

    def paint(self, painter, option, index):
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        text_option = QTextOption(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        text_option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        text_option.setWrapMode(QTextOption.WrapMode.NoWrap)
        doc.setDefaultTextOption(text_option)
        doc.setDocumentMargin(2)
        doc.setHtml(snippet_html(self.model.row(index.row())))
        rect = opt.rect.adjusted(4, 0, -4, 0)
        doc.setTextWidth(rect.width())
        painter.save()
        painter.translate(QPointF(rect.left(), rect.top() + max(0.0, (rect.height() - doc.size().height()) / 2)))
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()


class SearchScreen(QWidget):
    open_meeting = Signal(str, str)          # meeting id, resolution id ('' for none)
    open_view = Signal(str)                  # a screen, for committee and person hits

    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.box = QLineEdit(self)
        self.box.setPlaceholderText(S.SEARCH_EVERYTHING)
        self.box.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.model = ListTableModel([
            Column(S.SEARCH_KIND, lambda h: h.kind_label),
            Column(S.CODE, lambda h: h.code or "", Qt.AlignmentFlag.AlignCenter),
            Column(S.MEETING, lambda h: h.meeting_label or h.committee or ""),
            Column(S.SEARCH_TEXT, lambda h: h.snippet),
        ], self)
        self.view = list_view(self.model, self, widths=(90, 60, 330), stretch=SNIPPET_COLUMN)
        self.highlighter = HighlightDelegate(self.model, self.view)
        self.view.setItemDelegateForColumn(SNIPPET_COLUMN, self.highlighter)
        self.more_button = QPushButton(S.SEARCH_SHOW_MORE, self)
        self.more_button.hide()
        self.limit = LIMIT
        lay = QVBoxLayout(self)
        lay.addWidget(self.box)
        lay.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status)
        bottom.addStretch(1)
        bottom.addWidget(self.more_button)
        lay.addLayout(bottom)
        self._debounce = QTimer(self, singleShot=True, interval=300, objectName=PENDING_EDIT)
        self._debounce.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda *_: self._debounce.start())
        self.box.returnPressed.connect(self.run_search)
        self.more_button.clicked.connect(self.show_more)
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)
        leave_tables_with_tab(self)
        self._asked = ""

    def focus_search(self):
        self.box.setFocus()
        self.box.selectAll()

    def run_search(self, keep_limit: bool = False):
        self._debounce.stop()
        query = self.box.text().strip()
        if not keep_limit or query != self._asked:
            self.limit = LIMIT
        self._asked = query
        if not query:
            self.model.set_rows([])
            self.status.clear()
            self.more_button.hide()
            return
        limit = self.limit
        keep_row = self.view.currentIndex().row() if keep_limit else -1

        def show(hits):
            if query != self._asked:
                return                       # an older query answered late
            more = len(hits) > limit         # one more than shown was asked for: there are more
            hits = hits[:limit]
            self.model.set_rows(hits)
            if more:
                self.status.setText(S.SEARCH_MORE_THAN.format(count=fmt.num(limit)))
            else:
                self.status.setText(S.SEARCH_RESULTS.format(count=fmt.num(len(hits))) if hits else S.SEARCH_NONE)
            self.more_button.setVisible(more)
            if keep_row >= 0:
                self.view.scrollTo(self.model.index(keep_row, 0))
        self.runner.query(self, lambda s: search.search(s, query, limit=limit + 1), show)

    def show_more(self):
        """The next LIMIT hits, the ones already seen kept in place."""
        self.limit += LIMIT
        self.run_search(keep_limit=True)

    def _activated(self, index):
        if not index.isValid():
            return
        hit = self.model.row(index.row())
        if hit.meeting_id:
            # the row to select in the meeting: the resolution (of a follow-up too) or the agenda item
            focus = hit.resolution_id or (hit.id if hit.kind == "agenda" else "")
            self.open_meeting.emit(hit.meeting_id, focus)
        elif hit.kind == "committee":
            self.open_view.emit("committees")
        elif hit.kind == "person":
            self.open_view.emit("directory")
