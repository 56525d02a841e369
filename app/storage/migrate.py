"""Alembic, run in-process. The schema version in PRAGMA user_version is the count of revisions
applied, so a file's version can be read from its header without opening it."""
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:       # SCHEMA_VERSION is read by the desktop start before SQLAlchemy loads (issue 28)
    from sqlalchemy import Connection

MIGRATIONS = Path(__file__).with_name("migrations")

# Counting the revision files keeps alembic (65 ms of imports) off the start-up path of every command;
# tests check that the count matches alembic's own revision history.
SCHEMA_VERSION = sum(1 for p in (MIGRATIONS / "versions").glob("*.py") if p.name != "__init__.py")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """What autogenerate compares. The search index (FTS5 tables, its queue, triggers and the tracker's
    partial indexes) is written by hand in 0002_search and has no model; SQLite's own tables neither.
    Without this filter autogenerate would propose dropping them."""
    if name and (name.startswith("search_") or name.startswith("sqlite_")):
        return False
    if type_ == "index" and reflected and compare_to is None:
        return False
    return True


def alembic_config():
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def revisions() -> list[str]:
    """Revision ids from the first to the head."""
    from alembic.script import ScriptDirectory
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def upgrade(connection: "Connection") -> None:
    from alembic import command
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")


def revision_chain() -> list[str]:
    """revisions(), read from the files' `revision =` and `down_revision =` lines instead of by
    Alembic (0.6 s of imports, on every command on a server); tests check both agree."""
    import re
    down = {}
    for p in (MIGRATIONS / "versions").glob("*.py"):
        source = p.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", source, re.M)
        prev = re.search(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", source, re.M)
        if rev and prev:
            down[rev.group(1)] = prev.group(1)
    after = {v: k for k, v in down.items()}
    chain, rev = [], after.get(None)
    while rev is not None:
        chain.append(rev)
        rev = after.get(rev)
    return chain


def revision_number(rev: str) -> int | None:
    """A revision's schema version (1 for the first), or None for one this Dabir does not know."""
    revs = revision_chain()
    return revs.index(rev) + 1 if rev in revs else None
