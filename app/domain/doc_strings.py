"""Every Persian label the documents print, in one place: the PDFs (reports/) and the Word and Excel
exports (app/services/exports) read them here, below both (issue 27). Plain data."""
from app.domain.enums import AttendanceStatus, Labels, ResolutionStatus, Role, VoteChoice

MINUTES = "صورتجلسه"
FOLLOW_UP_REPORT = "گزارش پیگیری مصوبات"
ATTENDANCE_SHEET = "فهرست حضور و غیاب"
INVITATION = "دعوتنامه"

NUMBER, DATE, ATTACHMENT, NONE = "شماره", "تاریخ", "پیوست", "ندارد"
ROW, NAME, POST, ORG, SIGNATURE = "ردیف", "نام و نام خانوادگی", "سمت", "دستگاه", "امضا"
ROLE = "نقش"
RESOLUTION_TEXT, RESPONSIBLE, DEADLINE = "شرح مصوبه", "مسئول اجرا", "مهلت اجرا"
CODE, STATUS, LATEST = "کد", "وضعیت", "آخرین پیگیری"

ROLES = Labels({Role.CHAIR: "رئیس", Role.SECRETARY: "دبیر", Role.MEMBER: "عضو", Role.GUEST: "مدعو"})
ATTENDANCE = Labels({AttendanceStatus.PRESENT: "حاضر", AttendanceStatus.LATE: "با تأخیر",
              AttendanceStatus.ABSENT: "غایب", AttendanceStatus.EXCUSED: "غایب با اطلاع"})
STATUSES = Labels({ResolutionStatus.PENDING: "در انتظار اقدام", ResolutionStatus.IN_PROGRESS: "در حال اجرا",
            ResolutionStatus.DONE: "انجام شد", ResolutionStatus.CANCELLED: "لغو شد"})
OVERDUE = "معوق"
NO_RESPONSIBLE = "بدون مسئول تعیین‌شده"
# issue 14: votes, attachments, follow-up letters
HAS = "دارد"
ATTACHMENTS = "پیوست‌ها"
VOTES = "آرا: موافق {for_}، مخالف {against}، ممتنع {abstain}"
# who voted how, under the tally: «موافق: علی رضایی، مریم احمدی — مخالف: …»
VOTE_CHOICES = Labels({VoteChoice.FOR: "موافق", VoteChoice.AGAINST: "مخالف", VoteChoice.ABSTAIN: "ممتنع"})
VOTERS_GROUP = "{choice}: {names}"
VOTERS_SEPARATOR = " — "
NAMES_SEPARATOR = "، "
OF_RESOLUTION = "مصوبه {code}"
LETTER = "نامه شماره {number}"
AMENDMENT = "اصلاحیه صورتجلسه"
AMENDS = "صورتجلسه"
ORIGINAL_ID = "شناسه سند اصلی"
AMENDMENT_STATUS = "وضعیت اصلاحیه"
AMENDMENT_REASON = "شرح اصلاحیه"
AMENDMENT_CHANGES = "تغییرات نسبت به صورتجلسه اصلی"
AMENDMENT_SUBJECT = "مورد"
BEFORE = "پیش از اصلاح"
AFTER = "پس از اصلاح"
AMENDMENT_NOTE = ("صورتجلسه اصلی (شناسه سند {original}) بی‌تغییر و معتبر می‌ماند؛ این اصلاحیه تنها موارد بالا را "
                  "اصلاح می‌کند.")
# issue 26: letters to the responsible bodies (ابلاغیه، یادآوری)
NOTIFICATION_LETTER = "ابلاغیه مصوبات"
REMINDER_LETTER = "یادآوری مصوبات معوق"
LETTER_TO = "به: {body}"
LETTER_SUBJECT = "موضوع: {subject}"
NOTIFICATION_SUBJECT = "ابلاغ مصوبات جلسه {number} {committee}"
REMINDER_SUBJECT = "پیگیری مصوبات معوق"
GREETING = "با سلام و احترام،"
NOTIFICATION_BODY = ("به استحضار می‌رساند در جلسه {number} {committee} که {when} برگزار شد، مصوبات زیر با "
                     "مسئولیت آن {whom} به تصویب رسید. خواهشمند است دستور فرمایید اقدام لازم در مهلت مقرر "
                     "انجام و نتیجه به دبیرخانه کمیته اعلام شود.")
REMINDER_BODY = ("پیرو مصوبات زیر که اجرای آن‌ها بر عهده آن {whom} است و مهلت اجرای آن‌ها سپری شده است، "
                 "خواهشمند است گزارش اقدامات انجام‌شده را حداکثر ظرف یک هفته به دبیرخانه کمیته اعلام فرمایید.")
WHOM = {"organization": "دستگاه محترم", "person": "جناب‌عالی"}
DAYS_OVERDUE = "روز تأخیر"
MEETING = "جلسه"
NO_DEADLINE = "—"
CLOSING = "با تشکر"
SECRETARY_OF = "دبیر {committee}"
SECRETARIAT = "دبیرخانه کمیته"
# issue 26: the per-body chart (`dabir stats --chart`, the follow-up report's head)
CHART_TITLE = "پیشرفت مصوبات به تفکیک دستگاه"
CHART_AS_OF = "وضعیت در تاریخ {date}"
CHART_EMPTY = "مصوبه‌ای با دستگاه مسئول ثبت نشده است."
CHART_COLUMNS = ("دستگاه", "کل", "انجام‌شده", "انجام به‌موقع", "لغوشده", "باز", "معوق")
# the bars' names, in the printed chart and the window's dashboard alike
CHART_SERIES = {"done": "انجام‌شده", "open": "باز", "overdue": "معوق"}
# issue 25: unapproved minutes are marked on every page, and `dabir sign` refuses them
DRAFT = "پیش‌نویس"
DRAFT_HEADER = "پیش‌نویس — تأیید نشده؛ اعتبار صورتجلسه نهایی را ندارد"
# the follow-up report's summary: one column per part (app: reports/followup.PARTS), adding up to the total
TOTAL_RESOLUTIONS = "کل مصوبات"
PROGRESS = "درصد پیشرفت"
SUMMARY_PARTS = {"pending": "در انتظار اقدام", "in_progress": "در حال اجرا", "overdue": "معوق",
                 "done": "انجام‌شده", "cancelled": "لغوشده"}
SUMMARY_NOTE = ("معوق: در انتظار اقدام یا در حال اجرا و گذشته از مهلت (در ستون وضعیت خود شمرده نمی‌شود)؛ "
                "درصد پیشرفت: انجام‌شده از مصوبات لغونشده.")
LISTED_UNDER_EACH = "مصوبه‌ای که چند مسئول دارد زیر نام هر یک آمده است."
# an invitation printed for a meeting already held: not a new letter, and never dated after the meeting
INVITATION_COPY = "رونوشت: این جلسه {held} برگزار شده است؛ این برگ در {today} تهیه شد و دعوتنامه تازه نیست."
