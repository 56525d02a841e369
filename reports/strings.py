"""Every Persian label the documents print, in one place."""
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
