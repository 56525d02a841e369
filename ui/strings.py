"""Every Persian string the interface shows, in one place (the translation function of a one-language
app). Enum labels are here too, so a status reads the same on every screen."""
from app.domain import doc_strings
from app.domain.enums import AttendanceStatus, Labels, MeetingStatus, ResolutionStatus, Role, VoteChoice

APP_TITLE = "دبیر"
WINDOW_TITLE = "{name} — دبیر"   # ends with the app name, so Qt on X11/Windows does not append it again
ERROR_TITLE = "خطا"
CONFIRM_TITLE = "تأیید"
CANCEL = "انصراف"
UNEXPECTED = ("خطای پیش‌بینی‌نشده‌ای رخ داد و کار انجام نشد. داده‌های شما سالم است.\n"
              "جزئیات برای پشتیبانی در این پرونده ثبت شد:\n{path}")
SCREENSHOT_FAILED = "تصویر در «{path}» ذخیره نشد"
UNKNOWN_VIEW = "نمای «{view}» وجود ندارد (meetings، tracker، meeting:شناسه، …)"
LIST_SEPARATOR = "، "
TIME_HINT = "۱۰:۰۰"
NO_DISPLAY = "صفحه نمایشی در دسترس نیست؛ دبیر را در محیط گرافیکی اجرا کنید یا از --screenshot استفاده کنید"
# DISPLAY names an X server that is not there or refuses (ui/platform_check.py), where Qt would abort
DISPLAY_UNREACHABLE = ("به صفحه نمایش {display} وصل نشد؛ دبیر را در محیط گرافیکی اجرا کنید "
                       "یا از --screenshot استفاده کنید")
FILE_ERROR = "این پرونده باز نشد و هیچ تغییری در آن داده نشد.\n{reason}"

# navigation
NAV_MEETINGS = "جلسات"
NAV_TRACKER = "پیگیری مصوبات"
NAV_COMMITTEES = "کمیته‌ها"
NAV_DIRECTORY = "اشخاص و دستگاه‌ها"
NAV_DOCUMENTS = "اسناد"
NAV_SETTINGS = "تنظیمات"
MENU_FILE = "پرونده"
ACT_OPEN = "باز کردن پرونده…"
ACT_NEW_FILE = "پرونده تازه…"
NEW_FILE_EXISTS = "پرونده «{name}» از پیش هست و روی آن نوشته نمی‌شود؛ نام دیگری برگزینید."
ACT_NEW_MEETING = "جلسه جدید"
ACT_SEARCH = "جستجو"
ACT_PRINT = "چاپ"
ACT_QUIT = "خروج"
OPEN_FILTER = "پرونده دبیر (*.dabir);;همه پرونده‌ها (*)"

# common
ADD = "افزودن"
EDIT = "ویرایش"
DELETE = "حذف"
SAVE = "ذخیره"
NAME = "نام"
SHORT_NAME = "نام کوتاه"
DESCRIPTION = "شرح"
ORGANIZATION = "دستگاه"
POST = "سمت"
PHONE = "تلفن"
EMAIL = "رایانامه"
FULL_NAME = "نام و نام خانوادگی"
ROLE = "نقش"
START = "از"
END = "تا"
STATUS = "وضعیت"
ALL = "همه"
FROM_DATE = "از تاریخ"
TO_DATE = "تا تاریخ"
SEARCH_HINT = "جستجو…"
CONFIRM_DELETE = "«{name}» حذف شود؟"
NONE = "—"
SAVED = "ذخیره شد"

# committees
COMMITTEES = "کمیته‌ها"
NEW_COMMITTEE = "کمیته جدید"
COMMITTEE = "کمیته"
COMMITTEE_NAME = "نام کمیته"
ROSTER = "اعضا"
ADD_MEMBER = "افزودن عضو"
REMOVE_MEMBER = "حذف عضو"
PERSON = "شخص"
MEETING_COUNT = "تعداد جلسات"

# directory
PEOPLE = "اشخاص"
ORGANIZATIONS = "دستگاه‌ها"
NEW_PERSON = "شخص جدید"
NEW_ORGANIZATION = "دستگاه جدید"
SIGNATURE = "امضا"
SET_SIGNATURE = "انتخاب تصویر امضا…"
CLEAR_SIGNATURE = "حذف امضا"
NO_SIGNATURE = "امضایی ثبت نشده است"
IMAGE_FILTER = "تصویر (*.png *.jpg *.jpeg)"
BAD_IMAGE = "این پرونده تصویر نیست یا خوانده نشد."

# meetings
MEETINGS = "جلسات"
NUMBER = "شماره"
DATE = "تاریخ"
TITLE = "عنوان"
LOCATION = "محل"
RESOLUTION_COUNT = "مصوبات"
OPEN_MEETING = "باز کردن"
NO_COMMITTEE = "ابتدا یک کمیته بسازید."
MEETING_HEADING = "جلسه {number} — {committee}"
BACK = "بازگشت به فهرست"
DETAILS = "مشخصات"
START_TIME = "ساعت شروع"
END_TIME = "ساعت پایان"
CHAIR = "رئیس جلسه"
SECRETARY = "دبیر جلسه"
ATTENDANCE = "حضور و غیاب"
ON_BEHALF = "به نمایندگی از"
AGENDA = "دستور جلسه"
PRESENTER = "ارائه‌دهنده"
NEW_AGENDA = "عنوان دستور جدید"
MOVE_UP = "بالا"
MOVE_DOWN = "پایین"
SUMMARY = "خلاصه مذاکرات"
RESOLUTIONS = "مصوبات"
RESOLUTION_TEXT = "شرح مصوبه"
RESPONSIBLE = "مسئول اجرا"
RESPONSIBLE_HINT = "نام دستگاه یا شخص را بنویسید یا برگزینید (چند نام تازه را با «؛» جدا کنید)…"
DEADLINE = "مهلت اجرا"
NO_DEADLINE = "بدون مهلت"
CODE = "ردیف"
ADD_RESOLUTION = "افزودن مصوبه"
PREVIOUS_OPEN = "مصوبات باز جلسات قبل"
FOLLOW_UP = "ثبت پیگیری"
FOLLOW_UP_NOTE = "شرح پیگیری"
LATEST_FOLLOW_UP = "آخرین پیگیری"
APPROVE = "تصویب و قفل صورتجلسه"
CONFIRM_APPROVE = ("صورتجلسه جلسه {number} تصویب و قفل شود؟\n"
                   "پس از تصویب، مشخصات، حضور، دستور و مصوبات این جلسه دیگر ویرایش نمی‌شوند؛ "
                   "فقط پیگیری مصوبات ثبت می‌شود.")
LOCKED_BANNER = "این جلسه تصویب و قفل شده است؛ فقط پیگیری مصوبات ممکن است."
AUTOSAVE_NOTE = "هر تغییر همان لحظه ذخیره می‌شود."
MINUTES = "صورتجلسه"

# tracker
TRACKER = "پیگیری مصوبات"
OVERDUE = "معوق"
OVERDUE_ONLY = "فقط معوق‌ها"
DEADLINE_UNTIL = "مهلت تا"
MEETING = "جلسه"
TOTAL_ROWS = "{count} مصوبه"
TOTAL_MEETINGS = "{count} جلسه"

# search
NAV_SEARCH = "جستجو"
SEARCH_EVERYTHING = "جستجو در مصوبات، پیگیری‌ها، دستور جلسات، جلسات، کمیته‌ها و اشخاص…"
SEARCH_KIND = "نوع"
SEARCH_TEXT = "متن"
SEARCH_RESULTS = "{count} نتیجه"
SEARCH_NONE = "چیزی پیدا نشد."

# sharing
NAV_SHARING = "ادغام و پشتیبان"
MERGE = "ادغام با پرونده دفتر دیگر"
MERGE_FILE = "ادغام پرونده دفتر دیگر…"
MERGING = "در حال ادغام…"
MERGE_SUMMARY = ("ادغام انجام شد: {added} ردیف تازه، {updated} ردیف به‌روز، {conflicting} تعارض تازه، "
                 "{unchanged} ردیف بی‌تغییر. تعارض‌های در انتظار تصمیم: {open}")
CONFIRM_DELETIONS = "این پرونده {n} جلسه را حذف می‌کند. حذف‌ها پذیرفته و ادغام انجام شود؟"
ACCEPT_DELETIONS = "پذیرفتن حذف‌ها و ادغام"
CONFLICTS = "تعارض‌ها (یک مقدار در دو دفتر به دو شکل تغییر کرده است)"
CONFLICT_WHAT = "چه چیزی"
CONFLICT_MINE = "مقدار این دفتر"
CONFLICT_THEIRS = "مقدار دفتر دیگر"
KEEP_MINE = "نگه داشتن مقدار این دفتر"
TAKE_THEIRS = "پذیرفتن مقدار دفتر دیگر"
BACKUPS = "نسخه‌های پشتیبان خودکار"
BACKUP_REASON = "علت"
BACKUP_SIZE = "اندازه"
KILOBYTES = "{n} کیلوبایت"
BACKUP_NOW = "پشتیبان‌گیری اکنون"
RESTORE = "بازگرداندن این نسخه"
CONFIRM_RESTORE = ("پرونده به نسخه پشتیبان {when} بازگردانده شود؟\n"
                   "از وضع کنونی هم پیش از بازگرداندن یک نسخه پشتیبان گرفته می‌شود.")
BACKUP_REASONS = {"auto": "خودکار", "open": "هنگام باز کردن", "merge": "پیش از ادغام", "manual": "دستی",
                  "restore": "بازگردانی", "before-restore": "پیش از بازگردانی", "upgrade": "پیش از ارتقا"}

# documents
DOCUMENTS = "اسناد"
DOC_MINUTES = "صورتجلسه"
DOC_REPORT = "گزارش پیگیری مصوبات"
DOC_ATTENDANCE = "برگه حضور و غیاب"
DOC_INVITATION = "دعوتنامه"
DOC_KIND = "سند"
MAKE = "ساختن پیش‌نمایش"
SAVE_AS = "ذخیره به نام…"
PDF_FILTER = "PDF (*.pdf)"
DOC_NOT_READY = "ساختن این سند هنوز در این نسخه ممکن نیست."
DOC_NEEDS_MEETING = "ابتدا یک جلسه را انتخاب کنید."
BUILDING = "در حال ساختن سند…"
PRINT_FAILED = "چاپ انجام نشد."

# settings
SETTINGS = "تنظیمات"
OFFICE_NAME = "نام این دفتر"
LETTERHEAD_ORG = "نام سازمان در سربرگ"
LETTERHEAD_TITLE = "عنوان سربرگ"
LOGO = "نشان (لوگو)"
SET_LOGO = "انتخاب نشان…"
SECRETARY_NAME = "نام دبیر"

ROLE_LABELS = Labels({Role.CHAIR: "رئیس", Role.SECRETARY: "دبیر", Role.MEMBER: "عضو", Role.GUEST: "مدعو"})
MEETING_STATUS_LABELS = Labels({MeetingStatus.DRAFT: "پیش‌نویس", MeetingStatus.HELD: "برگزار شده",
                         MeetingStatus.APPROVED: "تصویب‌شده", MeetingStatus.CANCELLED: "لغو شده"})
ATTENDANCE_LABELS = Labels({AttendanceStatus.PRESENT: "حاضر", AttendanceStatus.ABSENT: "غایب",
                     AttendanceStatus.EXCUSED: "غیبت موجه", AttendanceStatus.LATE: "با تأخیر"})
RESOLUTION_STATUS_LABELS = Labels({ResolutionStatus.PENDING: "در انتظار اقدام",
                            ResolutionStatus.IN_PROGRESS: "در حال اجرا",
                            ResolutionStatus.DONE: "انجام شد", ResolutionStatus.CANCELLED: "لغو شد"})
# "done" is the status «انجام شد», in the status column's own words (issue 25: both were offered)
TRACKER_FILTERS = {"open": "باز", "overdue": "معوق", "done": "انجام شد", "all": "همه"}

# before Qt starts (ui/platform_check.py): Qt's platform plugin cannot load its system libraries
QT_LIBRARIES_MISSING = ("کتابخانه‌های سیستمی لازم برای باز شدن پنجرهٔ دبیر نصب نیستند ({libs})؛ "
                        "با این فرمان نصب کنید: sudo apt-get install {packages}")
# issue 14: exports, «همه حاضر», duplicate
ALL_PRESENT = "همه حاضر"
DUPLICATE_MEETING = "رونوشت برای جلسه بعد"
EXPORT_XLSX = "خروجی اکسل…"
EXPORT_DOCX = "خروجی ورد…"
EXPORT_ICS = "افزودن به تقویم (ics)…"
EXPORT_OTHER = "خروجی ورد / اکسل / تقویم…"
EXPORTING = "در حال ساختن پرونده…"
EXPORTED = "ذخیره شد: {path}"
XLSX_FILTER = "Excel (*.xlsx)"
DOCX_FILTER = "Word (*.docx)"
ICS_FILTER = "iCalendar (*.ics)"
NO_EXPORT = "این سند خروجی دیگری جز PDF ندارد."
# --- digital signatures (Documents screen) ---
SIGN = "امضای دیجیتال"
SIGNING = "در حال امضای سند…"
SIGN_PASSPHRASE = "گذرواژه کلید امضای دفتر:"
SIGN_PASSPHRASE_NEW = "گذرواژه کلید تازه امضای دفتر (کلید با همین گذرواژه ساخته می‌شود):"
SIGN_PASSPHRASE_AGAIN = "همان گذرواژه را دوباره بنویسید:"
SIGN_PASSPHRASES_DIFFER = "دو گذرواژه یکی نیستند؛ چیزی امضا نشد. دوباره امضا کنید."
SIGNED_WHERE = "نسخه امضاشده در پیش‌نمایش است (پرونده موقت)؛ برای نگه‌داشتن آن «ذخیره با نام…» را بزنید."
# --- picking, keyboard, long work, search, Persian dialogs (issue 9, part B) ---
ADD_AS_ORGANIZATION = "افزودن «{name}» به‌عنوان دستگاه جدید"
ADD_AS_PERSON = "افزودن «{name}» به‌عنوان شخص جدید"
NOT_IN_LIST = "«{name}» در فهرست نیست."
SIMILAR_NAMES = "نام‌های نزدیک: {names}"
PICK_OR_ADD = "یکی از نام‌های فهرست را انتخاب کنید یا آن را به‌عنوان نام تازه بیفزایید."
NAME_EMPTY = "نامی نوشته نشده است: نام شخص را بنویسید یا از فهرست انتخاب کنید."
ALREADY_PRESENT = "«{name}» پیش‌تر در فهرست حاضران است."
ALREADY_MEMBER = "«{name}» پیش‌تر عضو این کمیته است."
PICK_COMMITTEE = "ابتدا یک کمیته را انتخاب کنید."
PERSON_HINT = "نام شخص را بنویسید…"
GUEST_HINT = "نام عضو یا مدعو را بنویسید…"
SEARCH_MORE_THAN = "بیش از {count} نتیجه"
SEARCH_SHOW_MORE = "نمایش نتایج بیشتر"
BUILD_PAGES = "در حال ساختن سند… {pages} صفحه آماده شد"
FIELD_NAMES = {"title": "عنوان", "date": "تاریخ", "location": "محل", "summary": "خلاصه مذاکرات",
               "text": "شرح مصوبه", "deadline": "مهلت اجرا", "status": "وضعیت", "name": "نام",
               "full_name": "نام و نام خانوادگی", "role": "نقش", "email": "رایانامه",
               "on_behalf_of": "به نمایندگی از", "presenter": "ارائه‌دهنده", "number": "شماره",
               "signature": "امضا", "logo": "نشان", "chair_id": "رئیس جلسه", "secretary_id": "دبیر جلسه"}
# «start»/«end» are a meeting's times in the editor, a membership's period in the roster
MEETING_FIELD_NAMES = {"start": "ساعت شروع", "end": "ساعت پایان"}
ROSTER_FIELD_NAMES = {"start": "آغاز عضویت", "end": "پایان عضویت"}
# an edit refused because someone else saved the meeting or resolution first (issue 13)
STALE_TYPED = "آنچه شما وارد کرده بودید و ذخیره نشد: «{value}»"
STALE_RELOADED = "اکنون مقدارهای کنونی روی صفحه است."
# --- the Jalali date field (ui/widgets/jalali_date.py) -------------------------------------------
DATE_HINT = "۱۴۰۵/۰۹/۰۵"
DATE_TIP = "تاریخ شمسی را بنویسید، با یا بی‌خط‌مورب (۱۴۰۵/۰۹/۰۵ یا ۱۴۰۵۰۹۰۵)؛ دکمهٔ کنار: تقویم"
PICK_DATE = "انتخاب از تقویم"
DATE_EMPTY = "تاریخ را بنویسید (مثل ۱۴۰۵/۰۹/۰۵)"
DATE_OUT_OF_RANGE = "تاریخ «{text}» بیرون از سال‌های ۱۳۰۰ تا ۱۵۰۰ است"
DATE_BEFORE_MINIMUM = "تاریخ {date} پیش از {minimum} است. همین ثبت شود؟"
DEADLINE_BEFORE_MEETING = "مهلت اجرا ({date}) پیش از تاریخ جلسه ({minimum}) است. همین ثبت شود؟"
FOLLOW_UP_DATE = "تاریخ پیگیری"
# --- opening files: repair by copy (file-open) -----------------------------------------------------
REPAIR_BUTTON = "ساختن پرونده سالم…"
REPAIR_SUFFIX = "-سالم"
REPAIR_DONE = ("پرونده سالم ساخته شد: {copied} سطر رونوشت شد و {left} سطر نامعتبر کنار گذاشته شد "
               "(جزئیات در «نمایش جزئیات»). پرونده اصلی دست‌نخورده ماند.\n{path}")
# --- issue 14: undo, the recycle bin, follow-up letters, votes, attachments, agenda templates --------
MENU_EDIT = "ویرایش"
ACT_UNDO = "واگردانی"
UNDONE = "واگردانی شد."
NOTHING_TO_UNDO = "کاری برای واگردانی در این نشست نیست."
NAV_BIN = "سطل بازیافت"
BIN_KIND = "نوع"
BIN_WHAT = "چه چیزی"
BIN_WHERE = "از کجا"
BIN_DELETED = "تاریخ حذف"
BIN_RESTORE = "بازگرداندن"
BIN_RESTORED = "بازگردانده شد: {what}"
BIN_COUNT = "{count} ردیف حذف‌شده"
BIN_NOTE = "ردیف‌های حذف‌شده اینجا می‌مانند تا بازگردانده شوند؛ «واگردانی» در منوی «ویرایش» آخرین ویرایش این نشست را برمی‌گرداند."
LETTER_NUMBER = "شماره نامه"
ATTACH_LETTER = "پیوست نامه…"
ATTACHED = "پیوست: {name}"
ANY_FILE_FILTER = "همه پرونده‌ها (*)"
# the kinds an attachment may be (app/domain/file_kinds.py); the chooser shows only those
DOCUMENT_FILTER = "سندها: PDF، تصویر، Word، Excel، PowerPoint، OpenDocument، متن ({patterns})"
NOT_OPENED = "«{name}» از نوع سندهایی که دبیر باز می‌کند نیست؛ آن را با «ذخیره به نام…» ذخیره کنید."
CHOOSE_ATTACHMENT = "انتخاب پرونده پیوست"
ATTACHMENTS = "پیوست‌ها"
MEETING_ATTACHMENTS = "پیوست‌های جلسه"
RESOLUTION_ATTACHMENTS = "پیوست‌های مصوبه {code}"
NO_RESOLUTION_SELECTED = "پیوست‌های مصوبه (ابتدا در برگه مصوبات یک مصوبه را انتخاب کنید)"
ATTACH_ADD = "افزودن…"
ATTACH_OPEN = "باز کردن"
ATTACH_SAVE = "ذخیره به نام…"
ATTACH_NAME = "نام پرونده"
ATTACH_SIZE = "اندازه"
OPEN_FAILED = "برنامه‌ای برای باز کردن «{name}» پیدا نشد؛ آن را با «ذخیره به نام…» ذخیره کنید."
VOTES = "آرا"
VOTES_FOR = "موافق"
VOTES_AGAINST = "مخالف"
VOTES_ABSTAIN = "ممتنع"
VOTES_SAVE = "ثبت آرا"
VOTES_CLEAR = "پاک کردن آرا"
# who voted how (issue 14)
VOTERS_BUTTON = "ثبت نام رأی‌دهندگان…"
VOTERS_TITLE = "نام رأی‌دهندگان مصوبه {code}"
VOTERS_HINT = "رأی هر عضو حاضر را با کلیدهای بالا و پایین برگزینید؛ «—» یعنی رأی او ثبت نشود."
VOTERS_NAME = "عضو حاضر"
VOTERS_CHOICE = "رأی"
VOTERS_NONE = "—"
VOTE_CHOICE_LABELS = Labels({VoteChoice.FOR: VOTES_FOR, VoteChoice.AGAINST: VOTES_AGAINST, VoteChoice.ABSTAIN: VOTES_ABSTAIN})
VOTERS_NO_MEMBERS = "در این جلسه عضو حاضری نیست؛ نخست حضور اعضا را ثبت کنید (مدعوان رأی نمی‌دهند)."
VOTERS_NOT_PRESENT = "{name} (حاضر نیست)"
VOTES_FROM_NAMES = "شمار آرا از روی نام رأی‌دهندگان است؛ برای تغییر آن، «ثبت نام رأی‌دهندگان» را بزنید."
VOTES_TEXT = "موافق {for_}، مخالف {against}، ممتنع {abstain}"
AGENDA_TEMPLATE = "الگوی دستور جلسه"
AGENDA_TEMPLATE_HINT = "هر سطر یک بند؛ هر جلسه تازه این کمیته با این بندها آغاز می‌شود (مثل «گزارش دبیر»)."
AGENDA_TEMPLATE_SAVE = "ذخیره الگو"
AGENDA_TEMPLATE_SAVED = "الگوی دستور جلسه ذخیره شد."
VOTES_BAD = "شمار آرا باید عدد باشد (مثل ۷)."
AMENDMENTS = "اصلاحیه‌ها"
AMENDMENT_NEW = "اصلاحیه تازه"
AMENDMENT_APPROVE = "تصویب و قفل اصلاحیه"
AMENDMENT_PRINT = "چاپ اصلاحیه…"
AMENDMENT_TITLE = "اصلاحیه"
AMENDMENT_STATUS_LABELS = {"draft": "پیش‌نویس", "approved": "تصویب‌شده"}
AMENDMENT_CHANGES = "تغییرها"
AMENDMENT_REASON = "شرح اصلاحیه"
AMENDMENT_ONLY_APPROVED = "اصلاحیه برای صورتجلسه تصویب‌شده است؛ این جلسه هنوز خود ویرایش می‌شود."
CHANGE_KIND = "چه چیزی"
CHANGE_TARGET = "کدام"
CHANGE_NEW = "مقدار تازه"
CHANGE_OLD_TEXT = "عبارت پیشین (برای متن)"
CHANGE_ADD = "افزودن تغییر"
CHANGE_SUBJECT = "مورد"
CHANGE_BEFORE = "پیش از اصلاح"
CHANGE_AFTER = "پس از اصلاح"
CHANGE_KIND_LABELS = {"resolution_text": "متن مصوبه", "resolution_deadline": "مهلت اجرای مصوبه",
                      "resolution_new": "مصوبه افزوده", "resolution_cancel": "حذف مصوبه",
                      "attendance": "حضور", "text": "متن صورتجلسه"}
CONFIRM_APPROVE_AMENDMENT = "«{title}» تصویب و قفل شود؟ پس از تصویب، این اصلاحیه دیگر ویرایش نمی‌شود."
PRINTED = "ذخیره شد: {path}"
ROW = "ردیف"
CHANGE_REMOVE = "حذف تغییر"
# --- issue 26: the dashboard (ui/screens/dashboard.py) --------------------------------------------
NAV_DASHBOARD = "داشبورد"
# the figures' names are the printed chart's (app/domain/doc_strings), so window and paper agree
DASHBOARD_DONE = doc_strings.CHART_SERIES["done"]
DASHBOARD_OPEN = doc_strings.CHART_SERIES["open"]
DASHBOARD_OVERDUE = doc_strings.CHART_SERIES["overdue"]
DASHBOARD_COLUMNS = doc_strings.CHART_COLUMNS
DASHBOARD_TIP = "{body}: {count} مصوبه {label} — برای دیدن آن‌ها کلیک کنید"
DASHBOARD_HINT = "با کلیک روی هر میله، مصوبات همان دستگاه با همان وضعیت در «پیگیری مصوبات» نمایش داده می‌شود."
DASHBOARD_EMPTY = "هنوز مصوبه‌ای با دستگاه مسئول ثبت نشده است."
DASHBOARD_AS_OF = "وضعیت امروز، {date}"
# --- issue 26: File ▸ import an Excel tracker (ui/import_tracker.py) ------------------------------
ACT_IMPORT_XLSX = "ورود پیگیری از اکسل…"
XLSX_FILTER = "کارپوشه اکسل (*.xlsx);;همه پرونده‌ها (*)"
IMPORT_TITLE = "ورود پیگیری مصوبات از اکسل"
IMPORT_COMMITTEE_HINT = "نام کمیته (اگر نباشد ساخته می‌شود)"
IMPORT_NO_COMMITTEE = "نام کمیته‌ای را که این مصوبات از آن است بنویسید یا برگزینید."
IMPORT_COLUMNS = ("ردیف", "تاریخ جلسه", "شماره جلسه", "شرح مصوبه", "مسئول اجرا", "مهلت", "وضعیت", "توضیحات")
IMPORT_READ = ("{rows} ردیف از برگه «{sheet}» خوانده شد (سطر عنوان‌ها: {header}؛ {skipped} ردیف خالی یا جمع کنار "
               "گذاشته شد). کمیته را برگزینید و «پیش‌نمایش» را بزنید.")
IMPORT_SUMMARY = ("در «{committee}»: {meetings} جلسه و {resolutions} مصوبه افزوده می‌شود؛ {already} ردیف از پیش "
                  "هست و کنار گذاشته می‌شود؛ {organisations} دستگاه تازه ساخته می‌شود؛ {skipped} ردیف خالی یا جمع.")
IMPORT_PREVIEW = "پیش‌نمایش"
IMPORT_CONFIRM = "ورود"
IMPORT_DONE = "پیگیری مصوبات از اکسل وارد شد."
DASHBOARD_REMINDERS = "نامه‌های یادآوری معوق‌ها…"
# letters from the meeting's documents, the tracker and the dashboard (ui/letters.py)
DOC_LETTERS = "ابلاغیه‌ها…"
DOC_LETTERS_TIP = "نامه ابلاغ مصوبات این جلسه به هر دستگاه مسئول، شماره‌دار و ثبت‌شده در دفتر اسناد صادره"
TRACKER_REMINDERS = "یادآوری معوق‌ها…"
TRACKER_REMINDERS_TIP = "نامه یادآوری به هر دستگاهِ فهرست (با همین صافی‌ها) که مصوبه معوق دارد"
LETTERS_FOLDER = "پوشه‌ای که نامه‌ها در آن نوشته شوند"
LETTERS_WRITING = "در حال نوشتن نامه‌ها…"
LETTERS_DONE = "{count} نامه در پوشه {folder} نوشته و در دفتر اسناد صادره ثبت شد."
LETTERS_NONE = "نامه‌ای برای نوشتن نبود."
COMMITTEE_NAME_EMPTY = "نام کمیته نوشته نشده است: نام کمیته را بنویسید."
# --- issue 22: the offices' keys this machine trusts (ui/trust_keys.py) ----------------------------
ACT_TRUST_KEYS = "کلیدهای مورد اعتماد…"
TRUST_TITLE = "کلیدهای امضای مورد اعتماد این رایانه"
TRUST_HINT = ("امضای یک سند فقط با کلیدی پذیرفته می‌شود که در این فهرست باشد. این فهرست بیرون از پرونده و "
              "در همین رایانه نگه داشته می‌شود؛ گواهی‌ای که در پرونده دفتر دیگری می‌رسد فقط «پیشنهاد» است تا "
              "اثر انگشت آن را با آن دفتر (مثلاً تلفنی) بسنجید و بپذیرید.")
TRUST_COLUMNS = ("وضعیت", "دفتر", "اثر انگشت (SHA-256)")
TRUST_OWN = "کلید همین دفتر"
TRUST_TRUSTED = "مورد اعتماد"
TRUST_PROPOSED = "پیشنهاد پرونده (تأییدنشده)"
TRUST_CLAIMED = "{office} (به ادعای پرونده)"
TRUST_UNNAMED = "بی‌نام"
TRUST_ROW_KEY = "{office} — کلید ردیف‌ها (ثبت اسناد، حذف‌ها و تصویب اصلاحیه‌ها)"
TRUST_ADD_PROPOSED = "افزودن از پرونده…"
TRUST_ADD_FILE = "افزودن از فایل گواهی…"
TRUST_REMOVE = "حذف"
TRUST_CLOSE = "بستن"
TRUST_CERT_FILTER = "گواهی کلید (*.pem *.cer *.crt *.der);;همه پرونده‌ها (*)"
TRUST_CONFIRM_ADD = ("کلید «{office}» مورد اعتماد این رایانه شود؟\n\nاثر انگشت کامل:\n{fingerprint}\n\n"
                     "فقط وقتی بپذیرید که این اثر انگشت، رقم به رقم، همان باشد که آن دفتر از راهی جز این پرونده "
                     "(مثلاً تلفنی) برایتان خوانده است.")
TRUST_CONFIRM_REMOVE = ("کلید «{office}» از کلیدهای مورد اعتماد برداشته شود؟\n\nاثر انگشت:\n{fingerprint}\n\n"
                        "از این پس امضاهای این کلید در این رایانه تأیید نمی‌شود.")
TRUST_YES_ADD = "اعتماد می‌کنم"
TRUST_YES_REMOVE = "حذف کلید"
TRUST_ADDED = "کلید «{office}» مورد اعتماد شد."
TRUST_REMOVED = "کلید «{office}» از کلیدهای مورد اعتماد برداشته شد."
TRUST_UNREADABLE = "فایل گواهی خوانده نشد: {name}"
