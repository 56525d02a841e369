"""The resolution tracker as an Excel workbook: one right-to-left sheet, Jalali dates as text beside
real dates (so Excel can sort and filter by them), overdue rows marked, header frozen."""
import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from app.domain import jalali
from app.domain.errors import NotFoundError
from app.domain.persian import display_digits
from app.services import committees, directory, resolutions
from app.services.dto import ResolutionDTO
from app.domain import doc_strings as S

OVERDUE_FILL = PatternFill("solid", fgColor="FDE2E1")      # the tracker's overdue red
HEADER_FILL = PatternFill("solid", fgColor="E8EEF4")
DATE_FORMAT = "yyyy-mm-dd"
YES = "بله"

# (header, width in characters, value of a resolution); a date column holds a real date. The widths
# add up to 190 characters (they were 267): printed landscape and fitted to one page wide, that is a
# scale of about two thirds, and every text cell wraps within its column.
COLUMNS = [
    (S.CODE, 7, lambda r: r.code),
    ("کمیته", 18, lambda r: r.committee),
    ("شماره جلسه", 7, lambda r: r.meeting_number),
    ("تاریخ جلسه", 11, lambda r: jalali.format_date(r.meeting_date)),
    ("تاریخ جلسه (میلادی)", 11, lambda r: r.meeting_date),
    (S.RESOLUTION_TEXT, 40, lambda r: r.tracked_text),   # as amended, marked
    (S.RESPONSIBLE, 20, lambda r: "، ".join(p.name for p in r.responsible)),
    (S.DEADLINE, 11, lambda r: jalali.format_date(r.current_deadline)),
    ("مهلت اجرا (میلادی)", 11, lambda r: r.current_deadline),
    (S.STATUS, 11, lambda r: S.STATUSES[r.status]),
    (S.OVERDUE, 6, lambda r: YES if r.overdue else ""),
    ("تاریخ آخرین پیگیری", 11, lambda r: jalali.format_date(r.latest_follow_up.date) if r.latest_follow_up else ""),
    (S.LATEST, 26, lambda r: (r.latest_follow_up.note or S.STATUSES[r.latest_follow_up.status])
     if r.latest_follow_up else ""),
]
WRAPPED = {"کمیته", S.RESOLUTION_TEXT, S.RESPONSIBLE, S.STATUS, S.LATEST}     # the others are centred


def filter_ids(s: Session, committee: str | None = None, organization: str | None = None) -> dict:
    """The ids `list_resolutions` filters on, from names as typed on the command line (the same
    lookups as `dabir report`). A name that matches nothing is a NotFoundError naming it."""
    out = {}
    if committee:
        c = committees.find_committee(s, committee)
        if c is None:
            raise NotFoundError(f"کمیته «{committee}» پیدا نشد", f"committee '{committee}' not found")
        out["committee_id"] = c.id
    if organization:
        o = directory.find_organization(s, organization)
        if o is None:
            raise NotFoundError(f"دستگاه «{organization}» پیدا نشد", f"organisation '{organization}' not found")
        out["organization_id"] = o.id
    return out


def tracker_xlsx(s: Session, committee_id: str | None = None, status: str | None = "open",
                 organization_id: str | None = None, date_from: dt.date | None = None,
                 date_to: dt.date | None = None, deadline_to: dt.date | None = None,
                 today: dt.date | None = None) -> bytes:
    """The resolutions the tracker (or `dabir report`) would show for these filters, as .xlsx bytes."""
    rows = resolutions.list_resolutions(s, committee_id=committee_id, status=status,
                                        organization_id=organization_id, date_from=date_from,
                                        date_to=date_to, deadline_to=deadline_to, today=today)
    return workbook_bytes(rows)


def _print_setup(ws) -> None:
    """Printed as an office prints a register: A4 landscape, every column on one page wide (as many
    pages down as it takes), the header row repeated at the top of each page, gridlines drawn."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0                    # 0: as many pages down as the rows need
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.gridLines = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "1:1"


def workbook_bytes(rows: list[ResolutionDTO]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "مصوبات"
    ws.sheet_view.rightToLeft = True
    ws.append([c[0] for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in rows:
        # Persian digits in Persian text; a Latin run keeps its own (ISO 9001), numbers and dates stay values
        ws.append([display_digits(v) if isinstance(v, str) else v for v in (value(r) for _, _, value in COLUMNS)])
        if r.overdue:
            for cell in ws[ws.max_row]:
                cell.fill = OVERDUE_FILL
    for i, (header, width, _) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = width
        for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(vertical="top", wrap_text=True,
                                       horizontal=None if header in WRAPPED else "center")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    _print_setup(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
