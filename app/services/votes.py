"""Named votes on a resolution (issue 14): who voted موافق / مخالف / ممتنع.

One `resolution_vote` row per (resolution, person), never a second: voting again updates the choice
(bringing a withdrawn vote's tombstone back), withdrawing tombstones it, so that two offices' rows for
the same voter meet as twins in a merge. While a resolution has named votes its tally
(`resolution.votes_*`) is their count, written together with them, so the minutes never print a
tally that disagrees with the names; a bare tally with no names stays possible (set_votes)."""
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import AttendanceStatus, Role, VoteChoice, read
from app.domain.errors import ValidationError
from app.storage.models import Attendance, Person, Resolution, ResolutionVote

from ._rows import check_version, get_live, one_of, tombstone
from .dto import Changes, VoterDTO, Votes
from .guards import editable_meeting, settle

PRESENT = (AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value)


def _choice(value) -> VoteChoice:
    return one_of(VoteChoice, value, "choice", "رأی", "vote", allowed_fa="موافق، مخالف یا ممتنع")


def _voters_allowed(s: Session, meeting_id: str) -> dict[str, bool]:
    """{person id: may vote} for the meeting's attendees: present (or late), and not a guest."""
    allowed: dict[str, bool] = {}
    for person_id, status, role in s.execute(
            select(Attendance.person_id, Attendance.status, Attendance.role)
            .where(Attendance.meeting_id == meeting_id, Attendance.deleted_at.is_(None))):
        allowed[person_id] = allowed.get(person_id, False) or (status in PRESENT and role != Role.GUEST.value)
    return allowed


def counts(s: Session, resolution_id: str) -> Votes | None:
    """The count of a resolution's live named votes, or None when it has none."""
    choices = list(s.scalars(select(ResolutionVote.choice).where(ResolutionVote.resolution_id == resolution_id,
                                                                 ResolutionVote.deleted_at.is_(None))))
    if not choices:
        return None
    return Votes(choices.count(VoteChoice.FOR.value), choices.count(VoteChoice.AGAINST.value),
                 choices.count(VoteChoice.ABSTAIN.value))


def set_named_votes(s: Session, resolution_id: str, votes: Mapping[str, str | None],
                    expected_version: int | None = None, replace: bool = False) -> Changes:
    """Record who voted how: {person id: 'for' | 'against' | 'abstain' | None (withdraw)}. People not
    named keep their vote, unless `replace` (then the mapping is the whole list). Voters must be the
    meeting's present attendees, not guests (a guest does not vote): anyone else is refused by name,
    and nothing is written. Locked once the meeting is approved. The tally becomes the names' count
    (cleared when the last named vote is withdrawn). `expected_version` as in update_resolution."""
    r = get_live(s, Resolution, resolution_id)
    editable_meeting(s, r.meeting_id)
    check_version(s, r, expected_version)
    wanted = {pid: (None if c is None else _choice(c)) for pid, c in votes.items()}
    allowed = _voters_allowed(s, r.meeting_id)
    for pid, choice in wanted.items():
        if choice is None:      # withdrawing needs no live voter (someone since removed from the directory)
            continue
        person = get_live(s, Person, pid)
        if not allowed.get(pid, False):
            raise ValidationError("voter", f"«{person.full_name}» از حاضران عضو این جلسه نیست و نمی‌تواند رأی دهد",
                                  f"'{person.full_name}' is not a present member of this meeting and cannot vote")
    rows = {v.person_id: v for v in s.scalars(select(ResolutionVote)
                                                .where(ResolutionVote.resolution_id == resolution_id))}
    had = any(v.deleted_at is None for v in rows.values())
    if replace:
        for pid, v in rows.items():
            wanted.setdefault(pid, None)
    for pid, choice in wanted.items():
        row = rows.get(pid)
        if choice is None:
            if row is not None and row.deleted_at is None:
                tombstone(row)
            continue
        if row is None:
            s.add(ResolutionVote(resolution_id=resolution_id, person_id=pid, choice=choice.value))
        else:
            if row.choice != choice.value:
                row.choice = choice.value
            if row.deleted_at is not None:
                row.deleted_at = None
    s.flush()
    tally = counts(s, resolution_id)
    if tally is not None:
        r.votes_for, r.votes_against, r.votes_abstain = tally.for_, tally.against, tally.abstain
    elif had:   # the names were the tally: withdrawing them all leaves none
        r.votes_for = r.votes_against = r.votes_abstain = None
    s.flush()
    return Changes(frozenset({"resolution", "resolution_vote"}), (resolution_id, r.meeting_id))


def check_tally(s: Session, resolution_id: str, tally: Votes | None) -> None:
    """A bare tally must agree with the names, when names are recorded: refused otherwise (the names
    are what was recorded; a secretary changes them, and the tally follows)."""
    named = counts(s, resolution_id)
    if named is not None and tally != named:
        raise ValidationError("votes", "برای این مصوبه نام رأی‌دهندگان ثبت شده و شمار آرا از روی آن‌هاست؛ "
                                       "رأی‌ها را در «نام رأی‌دهندگان» تغییر دهید",
                              "this resolution has named votes and its tally is their count; "
                              "change the named votes instead")


def voters(s: Session, resolution_ids: list[str]) -> dict[str, list[VoterDTO]]:
    """Each resolution's named votes, in the meeting's attendance order (then by name): three queries
    per 500 resolutions, never one per resolution. (The voters' names are read by their ids apart:
    joined, SQLite walks every person against the resolutions instead of the votes' index.)"""
    out: dict[str, list[tuple]] = {}
    for i in range(0, len(resolution_ids), 500):
        chunk = resolution_ids[i:i + 500]
        rows = s.execute(select(ResolutionVote.resolution_id, ResolutionVote.person_id, ResolutionVote.choice,
                                Resolution.meeting_id)
                         .join(Resolution, Resolution.id == ResolutionVote.resolution_id)
                         .where(ResolutionVote.resolution_id.in_(chunk), ResolutionVote.deleted_at.is_(None))).all()
        if not rows:
            continue
        meetings = {r.meeting_id for r in rows}
        names = dict(s.execute(select(Person.id, Person.full_name)
                               .where(Person.id.in_({r.person_id for r in rows}))).all())
        position: dict[tuple[str, str], int] = {}
        for meeting_id, person_id, pos in s.execute(
                select(Attendance.meeting_id, Attendance.person_id, Attendance.position)
                .where(Attendance.meeting_id.in_(meetings), Attendance.deleted_at.is_(None))):
            key = (meeting_id, person_id)
            position[key] = min(position.get(key, pos or 0), pos or 0)
        for rid, pid, choice, meeting_id in rows:
            name = names.get(pid) or ""
            order = position.get((meeting_id, pid), 1 << 30)
            out.setdefault(rid, []).append((order, name, pid, VoterDTO(pid, name, read(VoteChoice, choice))))
    return {rid: [v[-1] for v in sorted(found, key=lambda v: v[:3])] for rid, found in out.items()}


def tally_of(found: list[VoterDTO]) -> Votes:
    """The count of a resolution's named votes, as the DTO shows it."""
    choices = [v.choice for v in found]
    return Votes(choices.count(VoteChoice.FOR), choices.count(VoteChoice.AGAINST), choices.count(VoteChoice.ABSTAIN))


def recount_tallies(conn, skip_meetings) -> int:
    """After a merge: each resolution with named votes gets their count as its tally (both offices
    compute the same from the same merged rows), except under a seal (`skip_meetings`: approved
    minutes are never changed by a merge). A conflict the merge recorded on the tally is settled by
    it. Written without the audit hook, as a derived value. Returns how many tallies changed."""
    from sqlalchemy import case, func
    v, r = ResolutionVote.__table__, Resolution.__table__
    n = lambda c: func.sum(case((v.c.choice == c.value, 1), else_=0))   # noqa: E731
    rows = conn.execute(select(v.c.resolution_id, r.c.meeting_id, r.c.votes_for, r.c.votes_against,
                               r.c.votes_abstain, n(VoteChoice.FOR), n(VoteChoice.AGAINST), n(VoteChoice.ABSTAIN))
                        .join(r, r.c.id == v.c.resolution_id).where(v.c.deleted_at.is_(None))
                        .group_by(v.c.resolution_id, r.c.meeting_id, r.c.votes_for, r.c.votes_against,
                                  r.c.votes_abstain)).all()
    changed = 0
    fields = ("votes_for", "votes_against", "votes_abstain")
    for rid, meeting_id, *now in rows:
        if meeting_id in skip_meetings:
            continue
        stored, counted = tuple(now[:3]), tuple(int(x) for x in now[3:])
        if stored != counted:
            conn.execute(r.update().where(r.c.id == rid).values(dict(zip(fields, counted))))
            changed += 1
        settle(conn, "resolution", rid, fields)
    return changed


def voter_id(s: Session, resolution_id: str, name: str) -> str:
    """A voter named as typed (any digits, ي/ك, spacing), matched first among the meeting's attendees,
    then in the directory (set_named_votes then says why they cannot vote)."""
    from app.domain.persian import name_key
    r = get_live(s, Resolution, resolution_id)
    key = name_key(name or "")
    found = s.scalar(select(Person.id).join(Attendance, Attendance.person_id == Person.id)
                     .where(Attendance.meeting_id == r.meeting_id, Attendance.deleted_at.is_(None),
                            Person.deleted_at.is_(None), Person.name_key == key).limit(1))
    if found is None:
        found = s.scalar(select(Person.id).where(Person.deleted_at.is_(None), Person.name_key == key)
                         .order_by(Person.created_at, Person.id).limit(1))
    if found is None:
        raise ValidationError("voter", f"کسی به نام «{name}» پیدا نشد", f"no person named '{name}'")
    return found
