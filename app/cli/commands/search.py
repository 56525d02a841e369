"""`dabir search QUERY [--json]`: full-text search, tolerant of Persian spelling variants."""
import json

from app.cli.commands import core
from app.domain.errors import ValidationError
from app.domain.search_text import query_terms
from app.services.search import search


def register(sub) -> None:
    p = sub.add_parser("search", help="search resolutions, follow-ups, agendas, meetings, committees, people")
    p.add_argument("query", nargs="+", help="words to find (all of them); Persian spelling variants match")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--limit", type=int, default=50, help="at most this many hits (default 50)")
    core.add_db_arg(p)
    p.set_defaults(handler=run)


def _plain(hit) -> dict:
    return {"kind": hit.kind, "id": hit.id, "snippet": hit.snippet,
            "meeting_id": hit.meeting_id, "meeting": hit.meeting_label,
            "resolution_id": hit.resolution_id, "code": hit.code}


def run(args) -> int:
    query = " ".join(args.query)
    if not query_terms(query):
        raise ValidationError("QUERY", "عبارت جستجو حرف یا رقمی ندارد", "the query has no letters or digits")
    if args.limit < 1:
        raise ValidationError("--limit", "باید یک یا بیشتر باشد", "must be one or more")
    db = core.open_db(args, read_only=True)
    try:
        with db.session() as s:
            hits = search(s, query, limit=args.limit)
    finally:
        db.close()
    if args.json:
        print(json.dumps([_plain(h) for h in hits], ensure_ascii=False, indent=2))
        return 0
    for hit in hits:
        snippet = hit.snippet
        if hit.match:
            a, b = hit.match
            snippet = f"{snippet[:a]}«{snippet[a:b]}»{snippet[b:]}"
        where = " · ".join(x for x in (hit.code, hit.meeting_label) if x)
        print(f"{hit.kind_label}\t{hit.id}\t{where}\t{snippet}")
    return 0
