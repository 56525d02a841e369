"""Who may write what on a central PostgreSQL server (issue 23): every role, grant, row-level security
policy, trigger and function Dabir relies on, in one place, installed by `dabir server init` and
`dabir server add-office` (app/services/central.py, app/storage/server.py) and listed by `dabir server check`.

The rules (docs/central.md):

- the owner (the role that runs `init`, e.g. `dabir_admin`; not a superuser) owns the tables and the
  `dabir_acl` schema; it upgrades the schema, imports and merges;
- each office logs in as its own role, a member of `dabir_office`; it reads everything and records
  follow-ups on any resolution, and writes the rows of the committees assigned to it in
  `dabir_acl.committee_secretariat` and no others, asked by `dabir_acl.may_write_as(role, committee)`.
  Ownership is defined once, in app/domain/ownership.py: a committee belongs to its secretariat (here,
  that mapping), and a table that belongs to a committee reaches it as COMMITTEE_OF says (OWNED below
  is written from it; a file merged into the server is held to the same mapping by
  app/services/ownership.py); the same expression guards a new row (INSERT … WITH CHECK) and the
  row as it was before an UPDATE (read back by `dabir_acl.stored_allowed`, so a refused UPDATE is an
  error, never a silently skipped row as a plain `USING` filter would make it);
- sealed is sealed: a row under a seal (an approved meeting or amendment, app/services/seals.py) is
  refused for every role, the owner too (`dabir_acl.guard_sealed`). Seals are written only by
  `dabir_acl.seal`, a SECURITY DEFINER function owned by `dabir_sealer`, which no office can become;
- the register (`issued_document`) and the audit log are INSERT-only; who and when are the server's.

Everything here is idempotent (CREATE OR REPLACE, DROP … IF EXISTS before CREATE, roles only when
missing), so `init` also repairs a server after a Dabir upgrade.
"""
from sqlalchemy import text

from app.domain.errors import ValidationError
from app.domain.ownership import COMMITTEE_OF

SCHEMA = "dabir_acl"
OFFICE_GROUP = "dabir_office"
SEALER = "dabir_sealer"
# office roles: settings of their own (a setting on the group role does not reach its members)
OFFICE_SETTINGS = {"lock_timeout": "5s", "statement_timeout": "60s",
                   "idle_in_transaction_session_timeout": "60s"}
META = ("row_version", "updated_at", "changed_in")     # bookkeeping, not content (seals.META)

# A table that belongs to a committee -> how one of its rows names its committee (SQL over the row's
# own columns), written from app/domain/ownership.COMMITTEE_OF, the one definition the file merge's
# ownership (app/services/ownership.py) follows too. Policies and the stored-row check use it.
OWNED = {table: column if parent == "committee" else f"{SCHEMA}.{parent}_committee({column})"
         for table, (column, parent) in COMMITTEE_OF.items()}
# who may write a row, per table: its committee's office; a follow-up, whoever recorded it (any office
# records one on any resolution); an attachment, the writer of what it is attached to
ALLOWED = {name: f"dabir_acl.may_write({expr})" for name, expr in OWNED.items()}
ALLOWED["follow_up"] = "dabir_acl.recorded_by_me(recorded_by)"
ALLOWED["attachment"] = ("CASE WHEN follow_up_id IS NOT NULL THEN dabir_acl.recorded_by_me("
                         "(SELECT f.recorded_by FROM public.follow_up f WHERE f.id = follow_up_id)) "
                         "ELSE dabir_acl.may_write(coalesce(dabir_acl.meeting_committee(meeting_id), "
                         "dabir_acl.resolution_committee(resolution_id))) END")
INSERT_ANYONE = {"follow_up"}            # every office records follow-ups on any resolution
# What an office may change in a row it does not own: a resolution's derived status (a follow-up's
# consequence, seals.IGNORED) and the bookkeeping that comes with it.
DERIVED = {"resolution": ("status",)}
DERIVED_VALUE = {"resolution": "status = dabir_acl.derived_status(id, base_status)"}   # and only this value

# The rows a seal covers (seals.SEALED, PARTS, RESOLUTION_PARTS) -> the sealed record they are under.
SEALED_UNDER = {
    "meeting": "r->>'id'", "amendment": "r->>'id'",
    "agenda_item": "r->>'meeting_id'", "attendance": "r->>'meeting_id'",
    "resolution": "coalesce(r->>'amendment_id', r->>'meeting_id')",
    "amendment_change": "r->>'amendment_id'",
    "resolution_party": "dabir_acl.resolution_sealed_under(r->>'resolution_id')",
    "resolution_vote": "dabir_acl.resolution_sealed_under(r->>'resolution_id')",
}
APPEND_ONLY = ("audit_entry", "issued_document", "meeting_seal")
# what an office may do, table by table (SELECT on everything besides)
OFFICE_GRANTS = {
    **{name: "INSERT, UPDATE" for name in OWNED if name != "committee"},
    "committee": "UPDATE",                      # its own committee's details; a new meeting locks the row
    "follow_up": "INSERT, UPDATE (deleted_at, row_version, updated_at, changed_in)",   # undo: a tombstone
    "attachment": "INSERT, UPDATE",
    "audit_entry": "INSERT", "issued_document": "INSERT",
    "search_doc": "INSERT", "search_dirty": "DELETE",
}
SEARCH_TABLES = ("search_doc", "search_dirty")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def check_role_name(name: str) -> str:
    """A role name as a user typed it: letters, digits and _ only (it becomes an identifier)."""
    if not name or len(name) > 63 or not all(c.isascii() and (c.isalnum() or c == "_") for c in name) \
            or name[0].isdigit():
        raise ValidationError("office", "نام نقش دفتر فقط حروف لاتین، رقم و _ است (حداکثر ۶۳ نویسه)",
                              "an office role name is ASCII letters, digits and _ (at most 63)")
    if name in (OFFICE_GROUP, SEALER) or name.startswith("pg_"):
        raise ValidationError("office", "این نام از آنِ خود دبیر یا PostgreSQL است", "this name is reserved")
    return name


def _create_role(name: str, options: str) -> str:
    return (f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_lit(name)}) THEN "
            f"CREATE ROLE {_q(name)} {options}; END IF; END $$")


# --- functions ------------------------------------------------------------------------------------

def _functions() -> list[str]:
    stored = "\n".join(f"    WHEN {_lit(t)} THEN RETURN (SELECT {expr} FROM public.{_q(t)} WHERE id = row_id);"
                       for t, expr in ALLOWED.items())
    sealed_under = "\n".join(f"        WHEN {_lit(t)} THEN {expr}" for t, expr in SEALED_UNDER.items())
    return [
        # the one definition of ownership: a role that is not an office (the owner, a DBA) writes all;
        # an office writes the committees mapped to a role it is a member of
        # an office: a member of dabir_office (a superuser is a member of every role, and no office)
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.is_office_role(who name) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(who, '{OFFICE_GROUP}', 'MEMBER')
        AND NOT coalesce((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = who), false)
$$""",
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.may_write_as(who name, committee_id text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT NOT {SCHEMA}.is_office_role(who)
        OR EXISTS (SELECT 1 FROM {SCHEMA}.committee_secretariat s JOIN pg_catalog.pg_roles r ON r.rolname = s.secretariat
                   WHERE s.committee_id = may_write_as.committee_id AND pg_has_role(who, r.oid, 'MEMBER'))
$$""",
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.may_write(committee_id text) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT {SCHEMA}.may_write_as(current_user, committee_id) $$""",
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.is_office() RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT {SCHEMA}.is_office_role(current_user) $$""",
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.recorded_by_me(who text) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT NOT {SCHEMA}.is_office() OR who = current_user::text $$""",
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.meeting_committee(meeting_id text) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT m.committee_id FROM public.meeting m WHERE m.id = meeting_committee.meeting_id $$""",
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.resolution_committee(resolution_id text) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT m.committee_id FROM public.resolution r JOIN public.meeting m ON m.id = r.meeting_id
    WHERE r.id = resolution_committee.resolution_id $$""",
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.amendment_committee(amendment_id text) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT m.committee_id FROM public.amendment a JOIN public.meeting m ON m.id = a.meeting_id
    WHERE a.id = amendment_committee.amendment_id $$""",
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.resolution_sealed_under(resolution_id text) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT coalesce(r.amendment_id, r.meeting_id) FROM public.resolution r
    WHERE r.id = resolution_sealed_under.resolution_id $$""",
        # the row as stored before this statement (a STABLE function sees the statement's snapshot):
        # the old row of an UPDATE passes the same check as the new one
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.stored_allowed(tab text, row_id text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    CASE tab
{stored}
    ELSE RETURN false;
    END CASE;
END $$""",
        # a row whose only change is its derived columns and bookkeeping (a follow-up's status)
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.only_derived_changed(tab text, new_row jsonb, derived text[]) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE old_row jsonb;
BEGIN
    EXECUTE format('SELECT to_jsonb(t) FROM public.%I t WHERE id = $1', tab) INTO old_row USING new_row->>'id';
    RETURN old_row IS NOT NULL AND (old_row - derived - ARRAY{list(META)!r}::text[])
        = (new_row - derived - ARRAY{list(META)!r}::text[]);
END $$""",
        # a resolution's status as its follow-ups and approved amendments make it (rules.derive_status;
        # amendments.cancelled_resolutions): what another office's follow-up may write into it
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.derived_status(resolution_id text, base_status text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN EXISTS (
            SELECT 1 FROM public.amendment_change c JOIN public.amendment a ON a.id = c.amendment_id
                JOIN public.resolution r ON r.id = c.target_id
            WHERE c.target_id = derived_status.resolution_id AND c.kind = 'resolution_cancel'
                AND a.status = 'approved' AND a.deleted_at IS NULL AND c.deleted_at IS NULL
                AND r.meeting_id = a.meeting_id) THEN 'cancelled'
        ELSE coalesce((SELECT f.status FROM public.follow_up f
                       WHERE f.resolution_id = derived_status.resolution_id AND f.deleted_at IS NULL
                       ORDER BY coalesce(f.date, '-infinity'::date) DESC, coalesce(f.created_at, '-infinity') DESC,
                                f.id COLLATE "C" DESC LIMIT 1), base_status) END
$$""",
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.sealed_under(tab text, r jsonb) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE tab
{sealed_under}
    END
$$""",
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.is_sealed(record_id text) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT record_id IS NOT NULL AND EXISTS (SELECT 1 FROM public.meeting_seal s WHERE s.meeting_id = record_id) $$""",
        # one refusal, one line: the message names what was refused, in Persian then English
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.refuse(fa text, en text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = 'dabir:' || fa || ' | ' || en;
END $$""",
        # sealed is sealed, for every role: a row under a seal is neither inserted, changed nor deleted
        # (a resolution's derived status excepted: follow-ups go on after approval)
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.guard_sealed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE rec text;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        rec := {SCHEMA}.sealed_under(TG_TABLE_NAME, to_jsonb(OLD));
        IF {SCHEMA}.is_sealed(rec) THEN
            IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'resolution' AND rec = {SCHEMA}.sealed_under(TG_TABLE_NAME, to_jsonb(NEW))
                    AND (to_jsonb(OLD) - ARRAY['status', {", ".join(map(_lit, META))}])
                        = (to_jsonb(NEW) - ARRAY['status', {", ".join(map(_lit, META))}]) THEN
                RETURN NEW;
            END IF;
            PERFORM {SCHEMA}.refuse('صورتجلسه یا اصلاحیه تصویب‌شده مهر شده است و تغییر نمی‌کند (' || TG_TABLE_NAME || ' ' || OLD.id || ')',
                                    'approved and sealed, it cannot change (' || TG_TABLE_NAME || ' ' || OLD.id || ')');
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        rec := {SCHEMA}.sealed_under(TG_TABLE_NAME, to_jsonb(NEW));
        IF {SCHEMA}.is_sealed(rec) THEN
            PERFORM {SCHEMA}.refuse('صورتجلسه یا اصلاحیه تصویب‌شده مهر شده است و چیزی به آن افزوده نمی‌شود (' || TG_TABLE_NAME || ' ' || NEW.id || ')',
                                    'approved and sealed, nothing is added to it (' || TG_TABLE_NAME || ' ' || NEW.id || ')');
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END $$""",
        # append-only: the register, the audit log and the seals are never changed or removed
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {SCHEMA}.refuse('ثبت‌شده‌ها در ' || TG_TABLE_NAME || ' تغییر نمی‌کنند و پاک نمی‌شوند',
                            TG_TABLE_NAME || ' is append-only: its entries are never changed or removed');
    RETURN NULL;
END $$""",
        # An office's changes are audited here, whatever wrote them (Dabir, or plain SQL): the same
        # entries app/storage/audit.py writes on a file ({field: [old, new]}, bytes as "<n bytes>"),
        # in the batch the client names for its unit of work (undo takes back a batch; none: raw SQL).
        # The owner's writes (merges, imports) are audited by the client as before.
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.plain(j jsonb, blobs text[]) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE col text;
BEGIN
    FOREACH col IN ARRAY coalesce(blobs, ARRAY[]::text[]) LOOP
        IF j->>col IS NOT NULL THEN
            j := jsonb_set(j, ARRAY[col], to_jsonb('<' || ((length(j->>col) - 2) / 2) || ' bytes>'));
        END IF;
    END LOOP;
    RETURN j;
END $$""",
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.audit_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE old_j jsonb; new_j jsonb; changes jsonb := '{{}}'; k text; what text;
    skip text[] := ARRAY['id', 'created_at', {", ".join(map(_lit, META))}];
BEGIN
    IF NOT {SCHEMA}.is_office() THEN
        RETURN NULL;
    END IF;
    new_j := {SCHEMA}.plain(to_jsonb(NEW), TG_ARGV);
    IF TG_OP = 'INSERT' THEN
        changes := new_j - skip;
        what := 'create';
    ELSE
        old_j := {SCHEMA}.plain(to_jsonb(OLD), TG_ARGV);
        FOR k IN SELECT jsonb_object_keys(new_j - skip) LOOP
            IF old_j->k IS DISTINCT FROM new_j->k THEN
                changes := changes || jsonb_build_object(k, jsonb_build_array(old_j->k, new_j->k));
            END IF;
        END LOOP;
        IF changes = '{{}}' THEN
            RETURN NULL;
        END IF;
        what := CASE WHEN changes ? 'deleted_at' AND NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END;
    END IF;
    INSERT INTO public.audit_entry (id, at, actor, action, entity, entity_id, changes, batch, changed_in,
                                    created_at, updated_at, row_version)
        VALUES (gen_random_uuid()::text, now() AT TIME ZONE 'UTC', current_user, what, TG_TABLE_NAME, NEW.id,
                changes::text, nullif(current_setting('dabir.batch', true), ''), NEW.changed_in,
                now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', 1);
    RETURN NULL;
END $$""",
        # who and where in the log are the server's: the role that wrote, the next position
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.stamp_audit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.actor := current_user;
    NEW.rowid := nextval(pg_get_serial_sequence('public.audit_entry', 'rowid'));
    NEW.at := now() AT TIME ZONE 'UTC';
    RETURN NEW;
END $$""",
        # an office's register entry: issued by that office, today (a merge brings older ones as they are)
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.stamp_issued() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF {SCHEMA}.is_office() THEN
        NEW.issued_by := current_user;
        NEW.created_at := now() AT TIME ZONE 'UTC';
        IF NEW.issued_on NOT BETWEEN current_date - 1 AND current_date + 1 THEN
            PERFORM {SCHEMA}.refuse('تاریخ صدور سند امروز است، نه ' || NEW.issued_on,
                                    'a document is issued today, not on ' || NEW.issued_on);
        END IF;
    END IF;
    RETURN NEW;
END $$""",
        # a follow-up is its recorder's: the server names them, and the name never changes
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.stamp_follow_up() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT {SCHEMA}.is_office() THEN
        RETURN NEW;             -- the owner's merge keeps the recorder another office's file names
    ELSIF TG_OP = 'INSERT' THEN
        NEW.recorded_by := current_user;
    ELSE
        NEW.recorded_by := OLD.recorded_by;
    END IF;
    RETURN NEW;
END $$""",
        # The only writer of seals. Its caller (session_user: the login role, whatever SET ROLE says)
        # must be the record's office; the record must be approved and not yet sealed (the same
        # fingerprint again is no change; another one is refused: a seal is never replaced).
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.seal(record text, print text, office text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE committee text; approved boolean; have text;
BEGIN
    SELECT m.committee_id, m.status = 'approved' AND m.deleted_at IS NULL INTO committee, approved
        FROM public.meeting m WHERE m.id = record;
    IF committee IS NULL THEN
        SELECT m.committee_id, a.status = 'approved' AND a.deleted_at IS NULL INTO committee, approved
            FROM public.amendment a JOIN public.meeting m ON m.id = a.meeting_id WHERE a.id = record;
    END IF;
    IF committee IS NULL OR NOT approved THEN
        PERFORM {SCHEMA}.refuse('فقط صورتجلسه یا اصلاحیه تصویب‌شده مهر می‌شود (' || record || ')',
                                'only approved minutes or amendments are sealed (' || record || ')');
    END IF;
    IF NOT {SCHEMA}.may_write_as(session_user, committee) THEN
        PERFORM {SCHEMA}.refuse('این کمیته از آنِ دبیرخانه دیگری است (' || record || ')',
                                'this committee belongs to another secretariat (' || record || ')');
    END IF;
    SELECT fingerprint INTO have FROM public.meeting_seal WHERE meeting_id = record;
    IF have = print THEN
        RETURN;
    ELSIF have IS NOT NULL THEN
        PERFORM {SCHEMA}.refuse('مهر صورتجلسه تصویب‌شده عوض نمی‌شود (' || record || ')',
                                'the seal of approved minutes is never replaced (' || record || ')');
    END IF;
    INSERT INTO public.meeting_seal (meeting_id, fingerprint, sealed_at, office_id)
        VALUES (record, print, now() AT TIME ZONE 'UTC', office);
END $$""",
        f"ALTER FUNCTION {SCHEMA}.seal(text, text, text) OWNER TO {SEALER}",
        # the search index's old documents: only those of rows queued as changed (by the owner's
        # queueing triggers, so by a real change) are dropped, and an office deletes none itself
        f"""CREATE OR REPLACE FUNCTION {SCHEMA}.drop_queued_docs() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DELETE FROM public.search_doc d USING public.search_dirty q WHERE q.kind = d.kind AND q.ref_id = d.ref_id
$$""",
        f"REVOKE ALL ON FUNCTION {SCHEMA}.seal(text, text, text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {SCHEMA}.seal(text, text, text) TO {OFFICE_GROUP}, CURRENT_USER",
    ]


# --- the whole installation -------------------------------------------------------------------------

def init_statements(search_functions: list[str]) -> list[str]:
    """What `dabir server init` runs, as the owner, in one transaction. `search_functions`: the
    search_q_* trigger functions of migration 0002 (they queue rows for the index as their owner,
    so an office cannot queue, and so re-index or hide, rows it did not change)."""
    out = [
        _create_role(OFFICE_GROUP, "NOLOGIN"),
        _create_role(SEALER, "NOLOGIN"),
        # the owner may hand the seal function to dabir_sealer (which needs membership)
        f"GRANT {SEALER} TO CURRENT_USER",
        f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
        f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {OFFICE_GROUP}, {SEALER}",
        f"GRANT CREATE ON SCHEMA {SCHEMA} TO {SEALER}",         # to own the seal function
        f"""CREATE TABLE IF NOT EXISTS {SCHEMA}.committee_secretariat (
    committee_id text PRIMARY KEY,
    secretariat name NOT NULL)""",
        f"GRANT SELECT ON {SCHEMA}.committee_secretariat TO {OFFICE_GROUP}, {SEALER}",
        f"GRANT USAGE ON SCHEMA public TO {OFFICE_GROUP}, {SEALER}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {OFFICE_GROUP}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {OFFICE_GROUP}",
        f"GRANT SELECT ON public.meeting, public.amendment, public.meeting_seal TO {SEALER}",
        f"GRANT INSERT ON public.meeting_seal TO {SEALER}",
        # no DELETE, TRUNCATE or REFERENCES for an office anywhere; rows are tombstoned, never deleted
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {OFFICE_GROUP}",
    ]
    out += _functions()
    out += [f"GRANT {_columns(t, grant)} ON public.{_q(t)} TO {OFFICE_GROUP}" for t, grant in OFFICE_GRANTS.items()]
    # nobody changes the append-only tables, the owner included (FORCE and the trigger below)
    out += [f"REVOKE UPDATE, DELETE, TRUNCATE ON public.{t} FROM CURRENT_USER" for t in APPEND_ONLY]
    out.append(f"REVOKE INSERT ON public.meeting_seal FROM CURRENT_USER")
    out += _policies()
    out += _triggers()
    for fn in search_functions:
        out.append(f"ALTER FUNCTION public.{_q(fn)}() SECURITY DEFINER SET search_path = public, pg_temp")
    out.append(f"REVOKE INSERT ON public.search_dirty FROM {OFFICE_GROUP}")
    # the owner was a member of dabir_sealer only to hand it the seal function: a member would inherit
    # its right to write seals
    out.append(f"REVOKE {SEALER} FROM CURRENT_USER")
    return out


def _columns(table: str, grant: str) -> str:
    """UPDATE as a right on each column but the key, never on the table: a table-level UPDATE would
    also let an office take any table lock (LOCK TABLE … ACCESS EXCLUSIVE) and stall everyone."""
    if "UPDATE" not in grant.split(", "):
        return grant
    cols = ", ".join(_q(c.name) for c in _table(table).c if c.name != "id")
    return ", ".join(g if g != "UPDATE" else f"UPDATE ({cols})" for g in grant.split(", "))


def _policy(table: str, name: str, what: str) -> list[str]:
    return [f"DROP POLICY IF EXISTS {name} ON public.{_q(table)}", f"CREATE POLICY {name} ON public.{_q(table)} {what}"]


def _policies() -> list[str]:
    out = []
    tables = list(ALLOWED) + list(APPEND_ONLY) + list(SEARCH_TABLES)
    for t in tables:
        out += [f"ALTER TABLE public.{_q(t)} ENABLE ROW LEVEL SECURITY",
                f"ALTER TABLE public.{_q(t)} FORCE ROW LEVEL SECURITY"]
        out += _policy(t, "dabir_read", "FOR SELECT USING (true)")
    for t, allowed in ALLOWED.items():
        new = "true" if t in INSERT_ANYONE else allowed
        out += _policy(t, "dabir_insert", f"FOR INSERT WITH CHECK ({new})")
        both = f"({allowed}) AND dabir_acl.stored_allowed({_lit(t)}, id)"
        if t in DERIVED:
            # another office's resolution: only its derived status (the follow-up's consequence)
            cols = ", ".join(f"{_lit(c.name)}, {c.name}" for c in _table(t).c)
            derived = "ARRAY[" + ", ".join(map(_lit, DERIVED[t])) + "]"
            both = (f"({both}) OR (dabir_acl.only_derived_changed({_lit(t)}, jsonb_build_object({cols}), {derived}) "
                    f"AND {DERIVED_VALUE[t]})")
        # USING (true): the row is found, then refused loudly by the check (old row and new row)
        out += _policy(t, "dabir_update", f"FOR UPDATE USING (true) WITH CHECK ({both})")
        # offices have no DELETE grant; the owner's DELETE reaches the sealed-row trigger (a refusal
        # is an error, not a row silently left out)
        out += _policy(t, "dabir_delete", "FOR DELETE USING (true)")
    out += _policy("audit_entry", "dabir_insert", "FOR INSERT WITH CHECK (true)")
    out += _policy("issued_document", "dabir_insert", "FOR INSERT WITH CHECK (true)")
    out += _policy("meeting_seal", "dabir_insert", f"FOR INSERT TO {SEALER} WITH CHECK (true)")
    # the search index: an office drops and adds only the documents of rows queued as changed
    queued = "EXISTS (SELECT 1 FROM public.search_dirty q WHERE q.kind = search_doc.kind AND q.ref_id = search_doc.ref_id)"
    out += _policy("search_doc", "dabir_insert", f"FOR INSERT WITH CHECK ({queued})")
    out += _policy("search_doc", "dabir_delete", "FOR DELETE USING (true)")   # the owner's (and drop_queued_docs)
    out += _policy("search_dirty", "dabir_insert", "FOR INSERT WITH CHECK (true)")
    out += _policy("search_dirty", "dabir_delete", "FOR DELETE USING (true)")
    return out


def _table(name: str):
    from . import merge_models  # noqa: F401  (their tables are part of Base.metadata)
    from .models import Base
    return Base.metadata.tables[name]


def _trigger(table: str, name: str, when: str, function: str, each: str = "ROW") -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name} ON public.{_q(table)}",
            f"CREATE TRIGGER {name} {when} ON public.{_q(table)} FOR EACH {each} EXECUTE FUNCTION {SCHEMA}.{function}()"]


def _triggers() -> list[str]:
    out = []
    for t in SEALED_UNDER:
        out += _trigger(t, "dabir_acl_sealed", "BEFORE INSERT OR UPDATE OR DELETE", "guard_sealed")
    for t in APPEND_ONLY:
        out += _trigger(t, "dabir_acl_append_only", "BEFORE UPDATE OR DELETE", "append_only")
        out += _trigger(t, "dabir_acl_no_truncate", "BEFORE TRUNCATE", "append_only", each="STATEMENT")
    out += _trigger("audit_entry", "dabir_acl_stamp", "BEFORE INSERT", "stamp_audit")
    for t, blobs in audited().items():
        args = ", ".join(map(_lit, blobs))
        out += [f"DROP TRIGGER IF EXISTS dabir_acl_audit ON public.{_q(t)}",
                f"CREATE TRIGGER dabir_acl_audit AFTER INSERT OR UPDATE ON public.{_q(t)} "
                f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.audit_row({args})"]
    out += _trigger("issued_document", "dabir_acl_stamp", "BEFORE INSERT", "stamp_issued")
    out += _trigger("follow_up", "dabir_acl_stamp", "BEFORE INSERT OR UPDATE", "stamp_follow_up")
    return out


def audited() -> dict[str, list[str]]:
    """The tables the client's audit hook covers (every Row model but the log itself) -> their
    binary columns (logged by size)."""
    from sqlalchemy import LargeBinary
    from .models import AuditEntry, Base, Row
    return dict(sorted((m.class_.__tablename__, [c.name for c in m.class_.__table__.c if isinstance(c.type, LargeBinary)
                                     or isinstance(getattr(c.type, "impl_instance", None), LargeBinary)])
            for m in Base.registry.mappers if issubclass(m.class_, Row) and m.class_ is not AuditEntry))


def add_office_statements(office: str, committees: list[str], login: bool = True) -> list[str]:
    """`dabir server add-office`: the role (made if missing, else left as it is but for its
    settings), a member of dabir_office, with its timeouts, and its committees."""
    out = [_create_role(office, "LOGIN" if login else "NOLOGIN"),
           f"GRANT {OFFICE_GROUP} TO {_q(office)}"]
    out += [f"ALTER ROLE {_q(office)} SET {k} = {_lit(v)}" for k, v in OFFICE_SETTINGS.items()]
    out += [f"INSERT INTO {SCHEMA}.committee_secretariat (committee_id, secretariat) VALUES ({_lit(c)}, {_lit(office)}) "
            f"ON CONFLICT (committee_id) DO UPDATE SET secretariat = EXCLUDED.secretariat" for c in committees]
    return out


def secretariats(conn) -> dict[str, str]:
    """Committee id -> the office role that keeps it (`dabir_acl.committee_secretariat`), on a server
    where `init` has run; {} on a file or a server without the rules."""
    if conn.dialect.name != "postgresql" or \
            conn.execute(text(f"SELECT to_regclass('{SCHEMA}.committee_secretariat')")).scalar() is None:
        return {}
    return dict(conn.execute(text(f"SELECT committee_id, secretariat FROM {SCHEMA}.committee_secretariat")).all())


# --- `dabir server check`: what is missing -----------------------------------------------------------

def missing(conn, offices: bool = True) -> list[str]:
    """What `init` installs that this server lacks (an empty list: all there)."""
    from sqlalchemy import text

    def sql(statement: str, binds: dict | None = None):
        return conn.execute(text(statement), binds or {})
    problems = []
    roles = {r[0] for r in sql("SELECT rolname FROM pg_roles WHERE rolname IN (:a, :b)",
                               {"a": OFFICE_GROUP, "b": SEALER})}
    problems += [f"role {r} is missing" for r in (OFFICE_GROUP, SEALER) if r not in roles]
    if sql("SELECT to_regnamespace(:s)", {"s": SCHEMA}).scalar() is None:
        return problems + [f"schema {SCHEMA} is missing"]
    if sql(f"SELECT to_regclass('{SCHEMA}.committee_secretariat')").scalar() is None:
        problems.append(f"table {SCHEMA}.committee_secretariat is missing")
    rls = dict((r[0], (r[1], r[2])) for r in sql(
        "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"))
    policies = {(r[0], r[1]) for r in sql("SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public'")}
    for t in list(ALLOWED) + list(APPEND_ONLY) + list(SEARCH_TABLES):
        if rls.get(t) != (True, True):
            problems.append(f"row-level security is not enabled and forced on {t}")
        want = {"dabir_read", "dabir_insert"} | ({"dabir_update"} if t in ALLOWED else set())
        problems += [f"policy {p} on {t} is missing" for p in sorted(want) if (t, p) not in policies]
    triggers = {(r[0], r[1]) for r in sql(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relnamespace = 'public'::regnamespace")}
    want = [(t, "dabir_acl_sealed") for t in SEALED_UNDER] + [(t, "dabir_acl_append_only") for t in APPEND_ONLY]
    want += [("audit_entry", "dabir_acl_stamp"), ("issued_document", "dabir_acl_stamp"), ("follow_up", "dabir_acl_stamp")]
    want += [(t, "dabir_acl_audit") for t in audited()]
    problems += [f"trigger {n} on {t} is missing or disabled" for t, n in want if (t, n) not in triggers]
    seal = sql(f"SELECT p.prosecdef, pg_get_userbyid(p.proowner), p.proconfig FROM pg_proc p "
               f"WHERE p.oid = to_regprocedure('{SCHEMA}.seal(text,text,text)')").first()
    if seal is None:
        problems.append(f"function {SCHEMA}.seal is missing")
    elif not seal[0] or seal[1] != SEALER or not seal[2]:
        problems.append(f"function {SCHEMA}.seal is not SECURITY DEFINER owned by {SEALER} with a fixed search_path")
    inserters = [r[0] for r in sql(
        "SELECT grantee FROM information_schema.role_table_grants WHERE table_schema = 'public' "
        "AND table_name = 'meeting_seal' AND privilege_type IN ('INSERT', 'UPDATE', 'DELETE') AND grantee <> :s",
        {"s": SEALER})]
    problems += [f"role {r} may write meeting_seal directly" for r in sorted(set(inserters))]
    if SEALER in roles:
        members = [r[0] for r in sql("SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
                                     "WHERE m.roleid = CAST(:s AS regrole)", {"s": SEALER})]
        problems += [f"role {r} is a member of {SEALER} (it may write seals)" for r in sorted(members)]
    offices = [r[0] for r in sql(
        "SELECT r.rolname FROM pg_roles r WHERE pg_has_role(r.oid, :g, 'MEMBER') AND r.rolname <> :g "
        "AND NOT r.rolsuper", {"g": OFFICE_GROUP})] if offices else []
    for office in offices:
        settings = {s.split("=", 1)[0] for r in sql(
            "SELECT setconfig FROM pg_db_role_setting WHERE setrole = CAST(:r AS regrole) AND setdatabase IN "
            "(0, (SELECT oid FROM pg_database WHERE datname = current_database()))", {"r": office})
            for s in (r[0] or [])}
        problems += [f"office role {office} has no {k}" for k in OFFICE_SETTINGS if k not in settings]
    return problems
