"""The per-body bar chart (issue 26): for each responsible body, three bars (done, open, overdue) in
one colour each, with a legend, drawn right to left: the body's name on the right, its bars growing
leftwards from the same line. Labels go through the project's text layer (reports.bidi_text), so
they are shaped and searchable like every other Persian text we print.

`layout` computes every bar's place from the figures alone (no canvas), the Flowable draws it; the
tests read the bars back from the PDF and compare them with the figures. Used by `dabir stats --chart`
and at the head of the follow-up report; the dashboard draws the same three series in Qt."""
import datetime as dt
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.domain import jalali
from app.domain.persian import to_persian_digits
from app.domain import doc_strings as S
from reports.bidi_text import draw_line, draw_text, wrap
from reports.fonts import REGULAR

KIND = "chart"          # its kind in the register of issued documents (`dabir stats --chart`)
# (figure, legend label, colour): the same three the dashboard shows
SERIES = tuple((key, S.CHART_SERIES[key], colour)
               for key, colour in (("done", "#2e7d32"), ("open", "#1565c0"), ("overdue", "#c62828")))
BAR_H, BAR_GAP, ROW_GAP = 6.5, 1.2, 8.0            # points
LABEL_W = 58 * mm
LEGEND_H, AXIS_H = 16.0, 14.0
LABEL_SIZE = 8.0


@dataclass(frozen=True)
class Bar:
    body: str
    series: str                        # done | open | overdue
    value: int
    x: float                           # the bar's left edge, from the chart's left
    y: float                           # its bottom, from the chart's bottom
    width: float
    height: float


def _row_h() -> float:
    return len(SERIES) * BAR_H + (len(SERIES) - 1) * BAR_GAP + ROW_GAP


TIDY = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000, 100_000)


def tick_step(top: int) -> int:
    """The tidy step that reaches `top` in at most five ticks."""
    return next((step for step in TIDY if top <= step * 5), -(-top // 5))


def scale_max(rows) -> int:
    """The axis' end: the largest figure rounded up to a whole tick step (at least 1)."""
    top = max((getattr(r, key) for r in rows for key, _, _ in SERIES), default=0)
    step = tick_step(top)
    return max(step * -(-top // step), step)


def layout(rows, width: float, top: int | None = None) -> tuple[float, list[Bar]]:
    """(height, bars) of the chart of `rows` (BodyStats) drawn `width` wide; `top` the axis' end (so
    the parts of a chart split over pages keep one scale)."""
    top = top or scale_max(rows)
    plot_w = width - LABEL_W - 8
    right = width - LABEL_W - 4
    height = LEGEND_H + AXIS_H + len(rows) * _row_h()
    bars = []
    for i, r in enumerate(rows):
        row_top = height - LEGEND_H - i * _row_h()
        for j, (key, _, _) in enumerate(SERIES):
            value = getattr(r, key)
            w = plot_w * value / top
            y = row_top - (j + 1) * BAR_H - j * BAR_GAP
            bars.append(Bar(r.organisation, key, value, right - w, y, w, BAR_H))
    return height, bars


class BodyChart(Flowable):
    """The chart as a flowable; split between bodies when it does not fit the page."""

    def __init__(self, rows, top: int | None = None, legend: bool = True):
        super().__init__()
        self.rows, self.top, self.legend = list(rows), top or scale_max(rows), legend

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height, self.bars = layout(self.rows, availWidth, self.top)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        fits = int((availHeight - LEGEND_H - AXIS_H) // _row_h())
        if fits < 1 or fits >= len(self.rows):
            return []
        return [BodyChart(self.rows[:fits], self.top), BodyChart(self.rows[fits:], self.top)]

    def draw(self):
        c = self.canv
        right = self.width - LABEL_W - 4
        plot_w = self.width - LABEL_W - 8
        # legend: a swatch and its label per series, from the right
        x = self.width
        for key, label, colour in SERIES:
            c.setFillColor(colors.HexColor(colour))
            c.rect(x - 9, self.height - 10, 8, 8, stroke=0, fill=1)
            c.setFillColor(colors.black)
            x -= 12 + draw_text(c, label, x - 12, self.height - 9, REGULAR, 9) + 14
        # the bodies' names, the bars and their figures
        for i, r in enumerate(self.rows):
            row_top = self.height - LEGEND_H - i * _row_h()
            lines = wrap(r.organisation, REGULAR, LABEL_SIZE, LABEL_W - 4)[:2]
            mid = row_top - (_row_h() - ROW_GAP) / 2
            for k, line in enumerate(lines):
                y = mid + (len(lines) / 2 - k - 1) * (LABEL_SIZE + 1.5) + 2
                c.setFillColor(colors.black)
                draw_line(c, line, self.width, y, REGULAR, LABEL_SIZE)
        for bar, (key, _, colour) in zip(self.bars, SERIES * len(self.rows)):
            c.setFillColor(colors.HexColor(colour))
            c.rect(bar.x, bar.y, bar.width, bar.height, stroke=0, fill=1)
            c.setFillColor(colors.black)
            draw_text(c, to_persian_digits(bar.value), bar.x - 2, bar.y + 1.2, REGULAR, 6.5)
        # the axis under the bars: 0 at the right, the end at the left, tidy ticks between
        c.setStrokeColor(colors.HexColor("#888888"))
        c.setLineWidth(0.5)
        base = AXIS_H - 4
        c.line(right - plot_w, base, right, base)
        c.line(right, base, right, self.height - LEGEND_H)
        step = tick_step(self.top)
        for value in range(0, self.top + 1, step):
            tx = right - plot_w * value / self.top
            c.line(tx, base, tx, base - 2)
            draw_text(c, to_persian_digits(value), tx + 8, 0, REGULAR, 6.5, align="center", x_left=tx - 8)


def section(rows, size: float = 11.0) -> list:
    """The chart under its heading, as the follow-up report and `stats --chart` open with it."""
    from reports.layout import heading
    if not rows:
        return []
    return [heading(S.CHART_TITLE, size), BodyChart(rows), Spacer(1, 5 * mm)]


def render_stats(rows, target, as_of: dt.date, settings=None, scope: str = "", organization: str | None = None) -> None:
    """`dabir stats --chart`: the chart and the figures' table on the letterhead."""
    from reports.common import BODY_W, letterhead
    from reports.layout import DabirDocument, para, rtl_table
    fa = to_persian_digits
    story = []
    if scope:
        story.append(para(scope, 10))
    story.append(para(S.CHART_AS_OF.format(date=jalali.format_date(as_of)), 9, space_after=4))
    story += section(rows) or [para(S.CHART_EMPTY, 10)]
    if rows:
        story.append(rtl_table(list(S.CHART_COLUMNS), [[r.organisation, *(fa(v) for v in list(r.as_json().values())[1:])]
                                                        for r in rows],
                               [BODY_W - 90 * mm] + [15 * mm] * 6, align=["right"] + ["center"] * 6, size=8.5))
    lh = letterhead(settings, organization, S.CHART_TITLE, reference=((S.DATE, jalali.format_date(as_of)),))
    DabirDocument(target, lh, title=S.CHART_TITLE, subject=S.CHART_TITLE).build(story)
