"""The signed follow-up report (گزارش پیگیری مصوبات): resolutions grouped by responsible party."""
import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from app.domain import doc_strings as S
from app.domain import jalali
from app.domain.persian import sort_key, to_persian_digits
from app.services.dto import ResolutionDTO, SettingsDTO
from reports.common import BODY_W, letterhead
from reports.layout import (DabirDocument, KeepWithLast, KeepWithNext, LazyStory, RTLParagraph, heading, para,
                            rtl_table)
from reports.long_table import CHUNK, LongTable
from reports.signing import SignatureField


@dataclass(frozen=True)
class ReportData:
    resolutions: tuple[ResolutionDTO, ...]
    settings: SettingsDTO | None = None
    scope: str = ""                    # e.g. the committee and filters, printed under the title
    secretary: str | None = None
    chair: str | None = None
    today: dt.date | None = None
    bodies: tuple = ()                 # issue 26: the committee's per-body figures, charted at the top
    organization: str | None = None    # the committees' organisation, for the letterhead without settings


def load(db, committee: str | None = None, status: str = "open", organization: str | None = None,
         date_from: dt.date | None = None, date_to: dt.date | None = None) -> ReportData:
    from app.domain.enums import Role
    from app.domain.errors import NotFoundError
    from app.services import committees, directory, resolutions, settings
    with db.session() as s:
        committee_id = organization_id = None
        chair = secretary = None
        scope = []
        if committee:
            c = committees.find_committee(s, committee)
            if c is None:
                raise NotFoundError(f"کمیته «{committee}» پیدا نشد", f"committee '{committee}' not found")
            committee_id = c.id
            scope.append(c.name)
            for mem in committees.list_members(s, c.id, active_on=jalali.today()):
                if mem.role == Role.CHAIR and chair is None:
                    chair = mem.person.full_name
                if mem.role == Role.SECRETARY and secretary is None:
                    secretary = mem.person.full_name
        if organization:
            o = directory.find_organization(s, organization)
            if o is None:
                raise NotFoundError(f"دستگاه «{organization}» پیدا نشد", f"organisation '{organization}' not found")
            organization_id = o.id
            scope.append(o.name)
        rows = resolutions.list_resolutions(s, committee_id=committee_id, status=status,
                                            organization_id=organization_id, date_from=date_from, date_to=date_to)
        st = settings.get_settings(s)
        from app.services.stats import body_stats
        bodies = tuple(body_stats(s, committee_id))
        owner = committees.letterhead_organization(s, committee_id, [r.committee_id for r in rows])
    labels = {"open": "مصوبات باز", "overdue": "مصوبات معوق", "done": "مصوبات انجام‌شده", "all": "همه مصوبات"}
    scope.append(labels.get(status, S.STATUSES.get(status, status)))
    if date_from or date_to:
        scope.append(f"از {jalali.format_date(date_from) or '…'} تا {jalali.format_date(date_to) or '…'}")
    return ReportData(tuple(rows), st, "، ".join(scope), st.secretary_name or secretary, chair, jalali.today(),
                      bodies=bodies, organization=owner)


def groups(rows) -> list[tuple[str, list[ResolutionDTO]]]:
    """By responsible party, in Persian alphabetical order (persian.sort_key, as the window's lists
    and the chart above them order bodies: پ after ب, ک/ك and ی/ي together); a resolution with two
    parties is listed under both, one with none under NO_RESPONSIBLE, last."""
    out: dict[str, list] = {}
    for r in rows:
        for name in [p.name for p in r.responsible] or [S.NO_RESPONSIBLE]:
            out.setdefault(name, []).append(r)
    return sorted(out.items(), key=lambda g: (g[0] == S.NO_RESPONSIBLE, sort_key(g[0]), g[0]))


# The summary's parts, in the order printed: each resolution is counted in exactly one, so they add up
# to the total. Overdue is a pending or in-progress resolution past its deadline; it is counted there
# and not under its status.
PARTS = ("pending", "in_progress", "overdue", "done", "cancelled")


def summary(rows) -> dict[str, int]:
    """Counts of distinct resolutions: `total`, one count per PARTS (their sum is `total`), and
    `percent` done of those not cancelled."""
    n = dict.fromkeys(PARTS, 0)
    for r in rows:
        n["overdue" if r.overdue else str(r.status)] += 1     # a StrEnum, or its value
    counted = len(rows) - n["cancelled"]
    return {"total": len(rows), **n, "percent": round(100 * n["done"] / counted) if counted else 0}


def _status(r: ResolutionDTO) -> str:
    return f"{S.OVERDUE}: {S.STATUSES[r.status]}" if r.overdue else S.STATUSES[r.status]


def _latest(r: ResolutionDTO) -> str:
    f = r.latest_follow_up
    if not f:
        return "—"
    text = f"{jalali.format_date(f.date)}: {f.note or S.STATUSES[f.status]}"
    if f.letter_number:                     # the letter it rests on (issue 14)
        text += f" ({S.LETTER.format(number=f.letter_number)})"
    return text


def story(data: ReportData):
    """The report's flowables, generated one at a time (see LazyStory)."""
    yield heading(S.FOLLOW_UP_REPORT, 13)
    if data.scope:
        yield para(data.scope, 10)
    yield para(f"تاریخ تهیه: {jalali.format_date(data.today or jalali.today())}", 9, space_after=4)
    from reports.chart import section
    yield from section(data.bodies)    # issue 26: the same chart as `dabir stats --chart`
    n = summary(data.resolutions)
    fa = to_persian_digits
    yield rtl_table([S.TOTAL_RESOLUTIONS] + [S.SUMMARY_PARTS[p] for p in PARTS] + [S.PROGRESS],
                    [[fa(n["total"])] + [fa(n[p]) for p in PARTS] + [fa(n["percent"]) + "٪"]],
                    [BODY_W / 7] * 7, align=["center"] * 7)
    grouped = groups(data.resolutions)
    notes = [S.SUMMARY_NOTE]
    if sum(len(rows) for _, rows in grouped) > len(data.resolutions):
        notes.append(S.LISTED_UNDER_EACH)
    yield para(" ".join(notes), 8, space_after=2)
    yield Spacer(1, 3 * mm)
    widths = [13 * mm, BODY_W - 106 * mm, 20 * mm, 27 * mm, 46 * mm]
    header = [S.CODE, S.RESOLUTION_TEXT, S.DEADLINE, S.STATUS, S.LATEST]
    sign = signatures(data.secretary, data.chair)
    align = ["center", "right", "center", "center", "right"]
    made: OrderedDict = OrderedDict()      # recent rows' cells, wrapped once though a page end rebuilds a chunk

    def cells(r: ResolutionDTO) -> list:
        if r.id not in made:
            # as amended: the text and deadline that stand, marked «اصلاح‌شده در اصلاحیه …»
            values = [r.code, r.tracked_text, jalali.format_date(r.current_deadline) or "—", _status(r), _latest(r)]
            made[r.id] = [RTLParagraph(v, size=8.5, align=a) for v, a in zip(values, align)]
            while len(made) > 3 * CHUNK:
                made.popitem(last=False)
        return made[r.id]

    def make(rows, with_header: bool):
        return rtl_table(header, [cells(r) for r in rows], widths, align=align, size=8.5,
                         highlight_rows=tuple(j for j, r in enumerate(rows) if r.overdue), with_header=with_header)

    for i, (name, rows) in enumerate(grouped):
        # One table per group, its header repeated at the top of each page it runs on to, never mid-page
        table = LongTable(make, rows)
        if i == len(grouped) - 1:           # the signatures go over with the last rows, never alone
            table = KeepWithLast(table, sign, gap=12 * mm)
        if i:
            yield Spacer(1, 4 * mm)         # between groups only: a trailing one could open a blank page
        # the group's heading never ends a page: it goes over with its table's header and first row
        yield KeepWithNext(heading(f"{name} ({fa(len(rows))} مصوبه)", 11), table)
    if not grouped:
        yield para("مصوبه‌ای با این شرایط پیدا نشد.")
        yield Spacer(1, 8 * mm)
        yield sign


def signatures(secretary: str | None, chair: str | None) -> Table:
    """Two signature blocks: the secretary on the right, the chair on the left."""
    def block(role, name, box=None):
        return [RTLParagraph(role, size=10, align="center"), RTLParagraph(name or "", size=10, align="center"),
                box or Spacer(1, 14 * mm), RTLParagraph("امضا و تاریخ", size=8, align="center")]
    t = Table([[block("رئیس کمیته", chair),
                block("دبیر کمیته", secretary, SignatureField(BODY_W / 2 - 12, 14 * mm))]],  # dabir sign
              colWidths=[BODY_W / 2] * 2)
    t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, "#888888"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def render(data: ReportData, target) -> None:
    lh = letterhead(data.settings, data.organization, S.FOLLOW_UP_REPORT,
                    reference=((S.DATE, jalali.format_date(data.today or jalali.today())),))
    DabirDocument(target, lh, title=S.FOLLOW_UP_REPORT, subject=S.FOLLOW_UP_REPORT).build(LazyStory(story(data)))
