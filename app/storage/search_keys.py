"""How a search document names its row inside a .dabir file: in 17 bytes instead of 45.

Schema 9 (issue 28) keeps the document's row as `ref` = one byte for the kind + the id's 16 UUID bytes,
and its meeting as 16 bytes, where schema 8 kept the kind and two 36-character ids in every document
and again in a unique index: a third of the search tables. SQLite 3.40 has no unhex(), so ids are
packed here, in Python, not in SQL. An id that is not a UUID in Dabir's own spelling (a file edited
elsewhere) is kept whole after a marker byte, so every id still packs to a key of its own and reads
back unchanged. PostgreSQL keeps the text columns (its pg_trgm index and access rules use them)."""

KINDS = ("resolution", "follow_up", "agenda", "meeting", "committee", "person")
_CODE = {k: i for i, k in enumerate(KINDS)}
_TEXT, _BYTES = b"\xff", b"\xfe"   # mark an id that is not a canonical UUID; UTF-8 and hex never hold them


def pack_id(value) -> bytes | None:
    """16 bytes for a canonical (lower-case, hyphenated) UUID; otherwise a marker byte and the value
    (UTF-8, or a blob's hex), which never holds a marker byte. Such a key is never 16 bytes long: one
    that would be gets its marker twice."""
    if value is None:
        return None
    if isinstance(value, bytes):
        packed = _BYTES + value.hex().encode()
    else:
        value = str(value)
        if len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-":
            # canonical iff its 32 hex digits read back the same (lower case, no spaces): the same
            # test as str(uuid.UUID(value)) == value, in a tenth of the time (merge packs every id)
            digits = value[:8] + value[9:13] + value[14:18] + value[19:23] + value[24:]
            try:
                raw = bytes.fromhex(digits)
            except ValueError:
                raw = b""
            if len(raw) == 16 and raw.hex() == digits:
                return raw
        packed = _TEXT + value.encode("utf-8", "surrogatepass")
    return packed[:1] + packed if len(packed) == 16 else packed


def uuid_text(raw: bytes) -> str:
    """16 bytes as a UUID's canonical text (what str(uuid.UUID(bytes=raw)) gives, in a tenth of the time)."""
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def unpack_id(packed: bytes | None):
    if packed is None:
        return None
    packed = bytes(packed)
    if len(packed) == 16:
        return uuid_text(packed)
    marker, rest = packed[:1], packed[1:]
    if rest[:1] == marker:
        rest = rest[1:]
    return bytes.fromhex(rest.decode()) if marker == _BYTES else rest.decode("utf-8", "surrogatepass")


def pack_ref(kind: str, ref_id) -> bytes:
    return bytes([_CODE[kind]]) + pack_id(ref_id)


def unpack_ref(ref: bytes) -> tuple[str, object]:
    ref = bytes(ref)
    return KINDS[ref[0]], unpack_id(ref[1:])


def stored_id(value) -> bytes | None:
    """An id read by raw SQL from a schema-10 file (issue 28), where every id column already holds
    `pack_id(id)` (models.Key): kept as it is. Text there (a file edited elsewhere) is packed like an
    id the ORM binds, so the row's documents are named as a lookup by its id would name them."""
    if value is None or isinstance(value, bytes):
        return value
    if isinstance(value, memoryview):
        return bytes(value)
    return pack_id(value)


def stored_ref(kind: str, value) -> bytes:
    """search_doc's ref for a row whose id was read raw from a schema-10 file (see stored_id)."""
    return bytes([_CODE[kind]]) + stored_id(value)
