"""Farsi documents against a plain-Latin floor, measured in the same run.

The floor is the very same story (same tables, widths, page furniture) with every RTL paragraph
replaced by an ordinary reportlab Paragraph in Helvetica, built from the same DTOs with each Persian
letter swapped for a Latin one (word lengths kept). The Farsi run starts from cold text-layer caches
each time, like a fresh process."""
import dataclasses
import datetime as dt
import gc
import io
import time
import tracemalloc
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Paragraph, Table

from bench.common import Row
from app.domain.enums import AttendanceStatus, MeetingStatus, ResolutionStatus, Role
from app.services.dto import (AgendaItemDTO, AttendanceDTO, CommitteeDTO, FollowUpDTO, MeetingDTO, PartyDTO,
                              PersonDTO, ResolutionDTO, SettingsDTO)
from reports import bidi_text, followup, minutes
from reports.fingerprint import meeting_fingerprint, short
from reports.layout import (MARGIN, PAGE_H, PAGE_W, DabirDocument, KeepWithLast, KeepWithNext, LazyStory, Letterhead,
                            RTLParagraph)
from reports.long_table import LongTable

WORDS = ("دستگاه‌های اجرایی مرتبط برای عضویت در کمیته توسعه خوشه‌های کسب و کار معرفی شوند و گزارش "
         "پیشرفت (CDA) را تا ۱۴۰۵/۰۹/۰۵ به دبیرخانه ارسال کنند؛ جلسه آموزشی برگزار شود. سازمان جهاد "
         "کشاورزی لرستان اداره کل میراث فرهنگی شرکت شهرک‌های صنعتی عبداللهی ۷۵٪").split()
ORGS = ["استانداری لرستان", "سازمان جهاد کشاورزی لرستان", "اداره کل میراث فرهنگی، صنایع‌دستی و گردشگری لرستان",
        "شرکت شهرک‌های صنعتی لرستان", "اتاق بازرگانی خرم‌آباد", "سازمان صنایع کوچک و شهرک‌های صنعتی"]
TODAY = dt.date(2026, 11, 26)


def _text(seed: int, n: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n))


def _resolution(i: int, meeting_number: int, number: int) -> ResolutionDTO:
    deadline = TODAY + dt.timedelta(days=(i * 13) % 120 - 40)
    status = [ResolutionStatus.PENDING, ResolutionStatus.IN_PROGRESS, ResolutionStatus.DONE][i % 3]
    fus = (FollowUpDTO(f"f{i}", TODAY - dt.timedelta(days=i % 30), status, _text(i + 5, 8),
                       dt.datetime(2026, 11, 1)),) if i % 2 else ()
    orgs = tuple(PartyDTO("organization", f"o{k}", ORGS[k]) for k in {i % len(ORGS), (i * 5) % len(ORGS)})
    return ResolutionDTO(f"r{i}", f"m{meeting_number}", "c1", "کمیته توسعه", meeting_number, TODAY, number,
                         _text(i, 18 + i % 15), orgs, deadline, status,
                         status != ResolutionStatus.DONE and deadline < TODAY, fus)


def big_meeting(people=40, resolutions=30) -> minutes.MinutesData:
    persons = [PersonDTO(f"p{i}", f"{_text(i, 1)} {_text(i + 3, 1)}ی", _text(i + 1, 4), None, ORGS[i % len(ORGS)])
               for i in range(people)]
    att = tuple(AttendanceDTO(f"a{i}", p, Role.MEMBER if i > 1 else (Role.CHAIR, Role.SECRETARY)[i],
                              AttendanceStatus.PRESENT if i % 9 else AttendanceStatus.ABSENT)
                for i, p in enumerate(persons))
    m = MeetingDTO("m7", CommitteeDTO("c1", "کمیته توسعه خوشه‌های کسب و کار", None, ORGS[0]), 7, _text(1, 8),
                   TODAY, "10:30", "12:00", "استانداری لرستان، سالن جلسات", persons[0], persons[1],
                   "\n".join(_text(k, 60) for k in range(4)), MeetingStatus.HELD, att,
                   tuple(AgendaItemDTO(f"g{k}", k + 1, _text(k + 9, 9)) for k in range(5)),
                   tuple(_resolution(i, 7, i + 1) for i in range(resolutions)))
    earlier = tuple(_resolution(100 + i, 6, i + 1) for i in range(8))
    return minutes.MinutesData(m, earlier, SettingsDTO(letterhead_org=ORGS[0]))


def big_report(n: int) -> followup.ReportData:
    rows = tuple(_resolution(i, 1 + i // 10, 1 + i % 10) for i in range(n))
    return followup.ReportData(rows, SettingsDTO(letterhead_org=ORGS[0]), "کمیته توسعه، همه مصوبات",
                               "مریم رضایی", "علیرضا کرمی", TODAY)


# ---- the floor: same story, Latin text, ordinary Paragraphs ------------------------------------

def latin(text):
    """Each Persian letter becomes a Latin one, so words keep their lengths."""
    if not isinstance(text, str):
        return text
    return "".join(chr(97 + ord(c) % 26) if "\u0600" <= c <= "\u06ff" else c for c in text).replace("\u200c", "")


def latinize(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: latinize(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, tuple):
        return tuple(latinize(v) for v in value)
    if isinstance(value, str):
        return latin(value)
    return value


_ALIGN = {"right": TA_RIGHT, "center": TA_CENTER, "left": TA_LEFT}


def plain(flowable):
    if isinstance(flowable, RTLParagraph):
        style = ParagraphStyle("p", fontName="Helvetica-Bold" if "Bold" in flowable.font else "Helvetica",
                               fontSize=flowable.size, leading=flowable.leading,
                               alignment=_ALIGN[flowable.align], spaceAfter=flowable.spaceAfter)
        return Paragraph(escape(latin(flowable.text)), style)
    if isinstance(flowable, Table):
        flowable._cellvalues = [[plain(c) for c in row] for row in flowable._cellvalues]
    elif isinstance(flowable, KeepTogether):
        flowable._content = [plain(c) for c in flowable._content]
    elif isinstance(flowable, KeepWithNext):
        flowable.head, flowable.following = plain(flowable.head), plain(flowable.following)
    elif isinstance(flowable, KeepWithLast):
        flowable.table, flowable.block = plain(flowable.table), plain(flowable.block)
    elif isinstance(flowable, LongTable):
        flowable.make = _plain_chunks(flowable.make)
    elif isinstance(flowable, list):
        return [plain(c) for c in flowable]
    return flowable


def _plain_chunks(make):
    """A LongTable's chunks are made as it is laid out, and a row cut at a page end is made again in
    the next chunk: the report keeps each row's cells (wrapped once), so the floor keeps its
    Paragraphs too (recent ones, as the report does)."""
    recent: dict = {}

    def plain_cell(c):
        if not isinstance(c, RTLParagraph):
            return plain(c)
        key = (c.text, c.font, c.size, c.align)
        if key not in recent:
            recent[key] = plain(c)
            if len(recent) > 600:
                del recent[next(iter(recent))]
        return recent[key]

    def made(rows, with_header):
        table = make(rows, with_header)
        table._cellvalues = [[plain_cell(c) for c in row] for row in table._cellvalues]
        return table
    return made


class FloorDocument(DabirDocument):
    def _furniture(self, canv, doc):
        lh = self.letterhead
        canv.setFont("Helvetica-Bold", 13)
        canv.drawRightString(PAGE_W - MARGIN, PAGE_H - MARGIN - 14, lh.organization)
        canv.drawRightString(PAGE_W - MARGIN, PAGE_H - MARGIN - 34, lh.title)
        canv.setFont("Helvetica", 9)
        for k, (label, value) in enumerate(lh.reference):
            canv.drawRightString(MARGIN + 120, PAGE_H - MARGIN - 8 - 13 * k, f"{label}: {value}")
        canv.line(MARGIN, MARGIN + 18, PAGE_W - MARGIN, MARGIN + 18)
        canv.drawRightString(PAGE_W - MARGIN - 33, MARGIN + 2, f"Page {doc.page} of")
        canv.saveState()
        canv.translate(PAGE_W - MARGIN - 60, MARGIN + 2)
        canv.doForm("dabir-total-pages")
        canv.restoreState()
        if lh.fingerprint:
            canv.drawString(MARGIN, MARGIN + 2, f"Dabir {lh.fingerprint}")


def minutes_floor(data: minutes.MinutesData, out) -> None:
    data = latinize(data)
    fp = meeting_fingerprint(data.meeting)
    lh = Letterhead(latin(data.settings.letterhead_org), "Minutes", None, short(fp),
                    (("No", "7"), ("Date", "1405/09/05"), ("Attachment", "none")))
    FloorDocument(out, lh, title="minutes").build(plain(minutes.story(data, fp)))


def report_floor(data: followup.ReportData, out) -> None:
    data = latinize(data)
    lh = Letterhead(latin(data.settings.letterhead_org), "Follow-up report", None, None, (("Date", "1405/09/05"),))
    FloorDocument(out, lh, title="report").build(LazyStory(plain(f) for f in followup.story(data)))


# ---- measuring ----------------------------------------------------------------------------------

def _cold():
    bidi_text._shaped.clear()
    bidi_text._widths.clear()
    bidi_text._visual_runs.cache_clear()


def _time(fn, data, repeat) -> tuple[float, int]:
    best, pages = float("inf"), 0
    for _ in range(repeat):
        _cold()
        gc.collect()
        buf = io.BytesIO()
        t = time.perf_counter()
        fn(data, buf)
        best = min(best, time.perf_counter() - t)
        pages = buf.getvalue().count(b"/Type /Page\n")
    return best, pages


def _peak_mib(fn, data) -> float:
    _cold()
    gc.collect()
    tracemalloc.start()
    fn(data, io.BytesIO())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def _pair(name, farsi, floor, data, repeat) -> list[Row]:
    floor(data, io.BytesIO())      # warm-up: imports, font registration, first-use costs
    farsi(data, io.BytesIO())
    tf, pf = _time(farsi, data, repeat)
    tl, pl = _time(floor, data, repeat)
    return [Row(f"{name}: Farsi", round(tf, 3), "s"), Row(f"{name}: Latin floor", round(tl, 3), "s"),
            Row(f"{name}: Farsi / floor", round(tf / tl, 2), "×", "≤ 2", tf / tl <= 2),
            Row(f"{name}: pages Farsi / floor", f"{pf} / {pl}")]


def run() -> list[Row]:
    rows = _pair("minutes 40 people 30 resolutions", minutes.render, minutes_floor, big_meeting(), 5)
    rows += _pair("report 5000 resolutions", followup.render, report_floor, big_report(5000), 1)
    for n in (1000, 5000):
        data = big_report(n)
        fa, fl = _peak_mib(followup.render, data), _peak_mib(report_floor, data)
        rows.append(Row(f"report {n} resolutions: peak memory Farsi / floor", f"{fa:.1f} / {fl:.1f}", "MiB"))
    return rows


NOTES = """Farsi documents against a floor: the same story (tables, widths, page furniture) with every RTL
paragraph swapped for an ordinary reportlab Paragraph in Helvetica, built from the same DTOs with each
Persian letter replaced by a Latin one (word lengths kept). The Farsi runs start from cold text-layer
caches each time, like a fresh process. Peak memory is tracemalloc's. reportlab keeps every finished page
in its PDFDocument until save, so part of the growth with page count is the output itself, and the floor
shows the same growth. Our caches are bounded, and the report's story is generated lazily (LazyStory)."""
