"""Alembic, run in-process. The schema version in PRAGMA user_version is the count of revisions
applied, so a file's version can be read from its header without opening it."""
from pathlib import Path

from sqlalchemy import Connection

MIGRATIONS = Path(__file__).with_name("migrations")

# Counting the revision files keeps alembic (65 ms of imports) off the start-up path of every command;
# tests check that the count matches alembic's own revision history.
SCHEMA_VERSION = sum(1 for p in (MIGRATIONS / "versions").glob("*.py") if p.name != "__init__.py")


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


def upgrade(connection: Connection) -> None:
    from alembic import command
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")
