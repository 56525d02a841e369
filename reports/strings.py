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
# issue 25: unapproved minutes are marked on every page, and `dabir sign` refuses them
DRAFT = "پیش‌نویس"
DRAFT_HEADER = "پیش‌نویس — تأیید نشده؛ اعتبار صورتجلسه نهایی را ندارد"
