"""Topics (tags), such as the 13 industrial clusters of the Lorestan seed."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.persian import name_key
from app.storage.models import MeetingTopic, ResolutionTopic, Topic

from ._rows import get_live, live, required_text
from .dto import Changes, TopicDTO


def list_topics(s: Session) -> list[TopicDTO]:
    return [TopicDTO(t.id, t.name) for t in s.scalars(live(Topic).order_by(Topic.name_key, Topic.id))]


def get_or_create_topic(s: Session, name: str) -> TopicDTO:
    t = s.scalars(live(Topic).where(Topic.name_key == name_key(name)).order_by(Topic.created_at, Topic.id)).first()
    if t is None:
        t = Topic(name=required_text(name, "topic"), name_key=name_key(name))
        s.add(t)
        s.flush()
    return TopicDTO(t.id, t.name)


def _tag(s: Session, link, owner_column: str, owner_id: str, topic_id: str) -> None:
    get_live(s, Topic, topic_id)
    exists = s.scalar(select(link.id).where(getattr(link, owner_column) == owner_id, link.topic_id == topic_id))
    if not exists:
        s.add(link(**{owner_column: owner_id, "topic_id": topic_id}))
        s.flush()


def tag_meeting(s: Session, meeting_id: str, topic_id: str) -> Changes:
    _tag(s, MeetingTopic, "meeting_id", meeting_id, topic_id)
    return Changes(frozenset({"meeting_topic"}), (meeting_id,))


def tag_resolution(s: Session, resolution_id: str, topic_id: str) -> Changes:
    _tag(s, ResolutionTopic, "resolution_id", resolution_id, topic_id)
    return Changes(frozenset({"resolution_topic"}), (resolution_id,))


def meeting_topics(s: Session, meeting_id: str) -> list[str]:
    return list(s.scalars(select(Topic.name).join(MeetingTopic, MeetingTopic.topic_id == Topic.id)
                          .where(MeetingTopic.meeting_id == meeting_id, MeetingTopic.deleted_at.is_(None),
                                 Topic.deleted_at.is_(None)).order_by(Topic.name_key)))


def resolution_topics(s: Session, resolution_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for i in range(0, len(resolution_ids), 500):
        rows = s.execute(select(ResolutionTopic.resolution_id, Topic.name)
                         .join(Topic, Topic.id == ResolutionTopic.topic_id)
                         .where(ResolutionTopic.resolution_id.in_(resolution_ids[i:i + 500]),
                                ResolutionTopic.deleted_at.is_(None), Topic.deleted_at.is_(None))
                         .order_by(Topic.name_key))
        for rid, name in rows:
            out.setdefault(rid, []).append(name)
    return out
