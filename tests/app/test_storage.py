import hashlib
import json
import sqlite3

import pytest
from sqlalchemy import select, text

from app.domain.errors import DabirFileError
from app.services import directory
from app.services.files import open_database
from app.storage.fileformat import APPLICATION_ID
from app.storage.migrate import SCHEMA_VERSION, revision_chain, revisions
from app.storage.models import AuditEntry, Base, Organization


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrations_build_a_new_file_from_nothing(db_path):
    db = open_database(db_path, create=True)
    db.close()
    con = sqlite3.connect(db_path)
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert set(Base.metadata.tables) <= tables
    assert con.execute("pragma application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION == len(revisions())
    assert con.execute("select version_num from alembic_version").fetchone()[0] == revisions()[-1]
    assert revision_chain() == revisions()     # the server's schema check reads them without Alembic
    assert con.execute("pragma journal_mode").fetchone()[0] == "delete"


def test_the_schema_cache_key_names_alembic_s_own_version():
    """The schema check's cache is keyed by Alembic's version, read without importing Alembic (#28)."""
    import alembic
    from app.storage.schema import _alembic_version
    assert _alembic_version() == alembic.__version__


def test_connections_enforce_foreign_keys(db):
    with db.session() as s:
        assert s.execute(text("pragma foreign_keys")).scalar() == 1
        assert s.execute(text("pragma busy_timeout")).scalar() >= 5000
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with db.session() as s:
            s.execute(text("insert into person (id, full_name, name_key, organization_id, created_at, updated_at,"
                           " row_version) values ('p', 'x', 'x', 'no-such-org', '2026-01-01', '2026-01-01', 1)"))


def test_missing_file_is_not_created_unless_asked(tmp_path):
    with pytest.raises(DabirFileError, match="does not exist"):
        open_database(tmp_path / "nope.dabir")
    assert not (tmp_path / "nope.dabir").exists()
    with pytest.raises(DabirFileError, match="folder does not exist"):
        open_database(tmp_path / "no-folder" / "x.dabir", create=True)


@pytest.mark.parametrize("content", [b"", b"hello, not a database", b"SQLite format 3\x00" + b"\x00" * 20])
def test_foreign_files_are_refused_untouched(tmp_path, content):
    path = tmp_path / "foreign.dabir"
    path.write_bytes(content)
    before = sha(path)
    with pytest.raises(DabirFileError, match="not a Dabir file"):
        open_database(path, create=True)
    assert sha(path) == before


def test_another_applications_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("create table t (x)")
    con.commit()
    con.close()
    before = sha(path)
    with pytest.raises(DabirFileError, match="SQLite file, but not a Dabir file"):
        open_database(path)
    assert sha(path) == before


def test_newer_schema_is_refused_untouched(db_path):
    open_database(db_path, create=True).close()
    con = sqlite3.connect(db_path)
    con.execute(f"pragma user_version={SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = sha(db_path)
    with pytest.raises(DabirFileError, match="newer"):
        open_database(db_path)
    assert sha(db_path) == before


def test_every_change_is_audited_and_deletes_are_tombstones(db):
    with db.session(actor="مریم رضایی") as s:
        oid = directory.create_organization(s, "استانداري لرستان").id
    with db.session(actor="مریم رضایی") as s:
        directory.update_organization(s, oid, short_name="استانداری")
    with db.session() as s:
        directory.delete_organization(s, oid)
    with db.session() as s:
        row = s.get(Organization, oid)
        assert row.deleted_at is not None and row.row_version == 3
        assert row.changed_in == db.office_id
        assert directory.list_organizations(s) == []
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == oid).order_by(AuditEntry.at)).all()
    assert [a.action for a in audit] == ["create", "update", "delete"]
    assert audit[0].actor == "مریم رضایی"
    assert json.loads(audit[0].changes)["name"] == "استانداری لرستان"  # normalised on input
    assert json.loads(audit[1].changes) == {"short_name": [None, "استانداری"]}


def test_hard_deletes_are_refused(db):
    with db.session() as s:
        oid = directory.create_organization(s, "دستگاه").id
    with pytest.raises(RuntimeError, match="tombstoned"):
        with db.session() as s:
            s.delete(s.get(Organization, oid))


def test_models_and_migrations_agree(db):
    """Autogenerate finds nothing to do on a freshly migrated file: the models are what the
    migrations build, and the hand-written search index is not mistaken for drift."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from app.storage import merge_models  # noqa: F401  (its tables belong to the metadata)
    from app.storage.migrate import include_object
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
