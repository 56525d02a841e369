"""Which columns of a file's data tables are declared with a given type (migrations 0010 and 0011
convert the values of such columns in place, table by table): read from the file itself, so a
migration converts what the file holds, not what today's models say."""


def declared_columns(sql, type_name: str) -> dict[str, list[str]]:
    """{table: [column, ...]} of every data table (not SQLite's, the search index's, Alembic's or a
    virtual one), in name order, whose columns are declared `type_name`. `sql` runs a statement."""
    tables = [r[0] for r in sql("SELECT name FROM sqlite_master WHERE type = 'table' "
                                "AND substr(name, 1, 7) NOT IN ('sqlite_', 'search_') "
                                "AND name != 'alembic_version' "
                                "AND substr(sql, 1, 14) != 'CREATE VIRTUAL' ORDER BY name")]
    out = {}
    for t in tables:
        cols = [r[1] for r in sql(f'PRAGMA table_info("{t}")') if (r[2] or "").upper() == type_name]
        if cols:
            out[t] = cols
    return out
