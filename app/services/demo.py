"""The demo database: the Lorestan business-cluster committee's first meeting (from shared/domain),
and, with scale=N, N generated Persian meetings for performance work. Deterministic for a given N."""
import datetime as dt
import json
import random
import uuid
from collections.abc import Callable
from importlib import resources

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.domain.enums import AttendanceStatus, MeetingStatus, ResolutionStatus, Role
from app.domain.persian import name_key
from app.domain.rules import FollowUpKey, derive_status
from app.storage.models import (AgendaItem, Attendance, AuditEntry, Committee, FollowUp, Meeting, Membership,
                                Organization, Person, Resolution, ResolutionParty, utcnow)

from .committees import find_committee
from .dto import Changes
from .exchange import import_meeting
from .meetings import set_meeting_status
from .resolutions import list_resolutions
from .topics import get_or_create_topic, tag_meeting, tag_resolution

SEED_COMMITTEE = "کمیته توسعه خوشه‌های کسب و کار"
CLUSTERS = ["طیور", "پرورش ماهی قزل‌آلا", "خوراک دام", "ورشو", "جاجیم و گلیم", "فرآوری زیتون", "گیاهان دارویی",
            "انار و انجیر", "خیار شور", "برنج‌کوبی", "نایلون", "عسل", "سنگ"]
Progress = Callable[[int, int], None]


def _seed(s: Session) -> str:
    data = json.loads(resources.files("resources.sample").joinpath("lorestan-meeting-1.json").read_text("utf-8"))
    meeting_id = import_meeting(s, data).id
    topics = {name: get_or_create_topic(s, name).id for name in CLUSTERS}
    for topic_id in topics.values():
        tag_meeting(s, meeting_id, topic_id)
    third = list_resolutions(s, meeting_id=meeting_id)[2]
    tag_resolution(s, third.id, topics["ورشو"])
    tag_resolution(s, third.id, topics["پرورش ماهی قزل‌آلا"])
    set_meeting_status(s, meeting_id, MeetingStatus.APPROVED)
    return meeting_id


def build_demo(s: Session, scale: int = 0, progress: Progress | None = None) -> Changes:
    """Add the seed (unless this file already has it) and `scale` generated meetings."""
    ids: list[str] = []
    if find_committee(s, SEED_COMMITTEE) is None:
        ids.append(_seed(s))
    if scale > 0:
        _generate(s, scale, progress)
    return Changes(frozenset({"committee", "meeting", "resolution", "follow_up", "person", "organization"}),
                   tuple(ids))


# --- generated data, inserted in bulk (the per-row ORM path would take minutes at scale 10,000) -----

_COMMITTEES = ["شورای برنامه‌ریزی و توسعه استان", "کمیته اشتغال و سرمایه‌گذاری", "کارگروه آب و کشاورزی",
               "شورای آموزش و پرورش استان", "کمیته گردشگری و میراث فرهنگی", "کارگروه سلامت و امنیت غذایی",
               "کمیته مدیریت بحران", "شورای فناوری اطلاعات"]
_ORGS = ["استانداری لرستان", "سازمان مدیریت و برنامه‌ریزی", "سازمان جهاد کشاورزی لرستان", "اداره کل آموزش و پرورش",
         "اداره کل میراث فرهنگی، صنایع‌دستی و گردشگری لرستان", "دانشگاه علوم پزشکی لرستان", "شرکت آب منطقه‌ای",
         "اداره کل راه و شهرسازی", "شرکت شهرک‌های صنعتی لرستان", "اداره کل تعاون، کار و رفاه اجتماعی",
         "اتاق بازرگانی خرم‌آباد", "اداره کل منابع طبیعی", "سازمان صنایع کوچک و شهرک‌های صنعتی", "فرمانداری خرم‌آباد"]
_FIRST = ["علی", "محمد", "حسین", "رضا", "مهدی", "فاطمه", "زهرا", "مریم", "سارا", "عبدالله", "امیر", "نرگس", "لیلا",
          "سعید", "مصطفی", "الهام", "حمید", "کبری", "یوسف", "پروین"]
_LAST = ["محمدی", "احمدی", "رضایی", "کرمی", "موسوی", "حیدری", "عبداللهی", "سپهوند", "بیرانوند", "ملکی",
         "کاکاوند", "قاسمی", "نوروزی", "میرزایی", "طاهری", "یاراحمدی", "دالوند", "امیری"]
_POSTS = ["مدیرکل", "معاون برنامه‌ریزی", "کارشناس مسئول", "رئیس اداره", "مشاور", "معاون توسعه"]
_ACTIONS = ["گزارش پیشرفت {t} تا پایان ماه آینده به دبیرخانه ارسال شود.",
            "اعتبار لازم برای {t} به مبلغ {n} میلیارد ریال پیش‌بینی شود.",
            "نشست کارشناسی درباره {t} با حضور دستگاه‌های مرتبط برگزار شود.",
            "شیوه‌نامه {t} تدوین و برای تصویب به کمیته ارائه شود.",
            "موانع اجرایی {t} بررسی و پیشنهادهای لازم ارائه شود.",
            "فهرست طرح‌های نیمه‌تمام {t} با اولویت‌بندی تهیه شود.",
            "هماهنگی لازم برای {t} با فرمانداری‌ها انجام شود."]
_SUBJECTS = CLUSTERS + ["ساماندهی بازارچه‌های محلی", "آموزش مهارت‌های فنی", "توسعه گردشگری روستایی",
                        "نوسازی مدارس", "آبرسانی روستایی", "ایمنی راه‌ها", "اشتغال فارغ‌التحصیلان"]
_NOTES = ["مکاتبه انجام شد و پاسخ دستگاه در انتظار است.", "کار آغاز شده و {n} درصد پیشرفت دارد.",
          "گزارش نهایی دریافت و در دبیرخانه بایگانی شد.", "به دلیل کمبود اعتبار متوقف شده است.",
          "جلسه هماهنگی برگزار شد."]


def _generate(s: Session, n: int, progress: Progress | None) -> None:
    rng = random.Random(n)
    uid = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))  # noqa: E731  (reproducible ids)
    now = utcnow()
    office = s.info.get("office_id")
    stamp = dict(created_at=now, updated_at=now, row_version=1, changed_in=office)

    def bulk(model, rows):
        if rows:
            s.execute(insert(model.__table__), [{**stamp, **r} for r in rows])

    orgs = [dict(id=uid(), name=name + " (نمونه)", name_key=name_key(name + " (نمونه)")) for name in _ORGS]
    bulk(Organization, orgs)
    people = []
    for i in range(60):
        full = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        people.append(dict(id=uid(), full_name=full, name_key=name_key(full), post=rng.choice(_POSTS),
                           organization_id=rng.choice(orgs)["id"]))
    bulk(Person, people)
    committees, rosters, memberships = [], {}, []
    for name in _COMMITTEES:
        name = f"{name} (نمونه)"
        c = dict(id=uid(), name=name, name_key=name_key(name), organization_id=orgs[0]["id"])
        committees.append(c)
        rosters[c["id"]] = members = rng.sample(people, 9)
        memberships += [dict(id=uid(), committee_id=c["id"], person_id=p["id"],
                             role=(Role.CHAIR if k == 0 else Role.SECRETARY if k == 1 else Role.MEMBER).value)
                        for k, p in enumerate(members)]
    bulk(Committee, committees)
    bulk(Membership, memberships)
    start = dt.date(2019, 3, 21)  # fixed, so the content does not depend on the day it is generated
    numbers = {c["id"]: 0 for c in committees}
    batch: dict[type, list] = {}
    for i in range(n):
        c = committees[i % len(committees)]
        numbers[c["id"]] += 1
        day = start + dt.timedelta(days=int(i * 2700 / max(n, 1)) + rng.randint(0, 3))
        mid = uid()
        members = rosters[c["id"]]
        batch.setdefault(Meeting, []).append(dict(
            id=mid, committee_id=c["id"], number=numbers[c["id"]], title=f"جلسه {numbers[c['id']]} {c['name']}",
            date=day, start_time="10:00", end_time="12:00", location="استانداری لرستان، سالن جلسات",
            chair_id=members[0]["id"], secretary_id=members[1]["id"],
            summary="\n".join(rng.choice(_ACTIONS).format(t=rng.choice(_SUBJECTS), n=rng.randint(2, 90))
                              for _ in range(3)),
            status=(MeetingStatus.APPROVED if day < dt.date(2026, 9, 1) else MeetingStatus.HELD).value))
        for pos, p in enumerate(members):
            st = rng.choices([AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED,
                              AttendanceStatus.LATE], [80, 8, 8, 4])[0]
            batch.setdefault(Attendance, []).append(dict(
                id=uid(), meeting_id=mid, person_id=p["id"], position=pos,
                role=(Role.CHAIR if pos == 0 else Role.SECRETARY if pos == 1 else Role.MEMBER).value, status=st.value))
        for pos in range(1, 4):
            batch.setdefault(AgendaItem, []).append(dict(id=uid(), meeting_id=mid, position=pos,
                                                         title=f"بررسی {rng.choice(_SUBJECTS)}"))
        for number in range(1, rng.randint(8, 12) + 1):
            rid = uid()
            deadline = day + dt.timedelta(days=rng.randint(15, 120))
            fus = []
            for k in range(rng.choice([0, 0, 1, 1, 2, 3])):
                fday = day + dt.timedelta(days=10 * (k + 1))
                fst = rng.choice([ResolutionStatus.IN_PROGRESS, ResolutionStatus.IN_PROGRESS, ResolutionStatus.DONE,
                                  ResolutionStatus.CANCELLED])
                fus.append(dict(id=uid(), resolution_id=rid, date=fday, status=fst.value, recorded_by="demo",
                                note=rng.choice(_NOTES).format(n=rng.randint(10, 90))))
            status = derive_status(ResolutionStatus.PENDING,
                                   [FollowUpKey(f["date"], now, f["id"], ResolutionStatus(f["status"])) for f in fus])
            batch.setdefault(Resolution, []).append(dict(
                id=rid, meeting_id=mid, number=number, deadline=deadline, base_status="pending", status=status.value,
                text=rng.choice(_ACTIONS).format(t=rng.choice(_SUBJECTS), n=rng.randint(2, 90))))
            batch.setdefault(FollowUp, []).extend(fus)
            for pos, org in enumerate(rng.sample(orgs, rng.choice([1, 1, 2]))):
                batch.setdefault(ResolutionParty, []).append(dict(id=uid(), resolution_id=rid, position=pos,
                                                                  organization_id=org["id"]))
        if (i + 1) % 500 == 0 or i + 1 == n:
            for model in (Meeting, Attendance, AgendaItem, Resolution, ResolutionParty, FollowUp):
                bulk(model, batch.pop(model, []))
            if progress:
                progress(i + 1, n)
    s.add(AuditEntry(actor=s.info.get("actor") or "dabir", action="create", entity="demo", entity_id="scale",
                     changes=json.dumps({"generated_meetings": n})))
    s.flush()
