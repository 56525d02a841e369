"""One value as typed text, for hashing and signing: seals' fingerprints, the merge's row hashes and
signed rows all write values this one way."""
import hashlib


def canon(value) -> str:
    """A value as text for hashing, typed so that 1 and '1' differ."""
    if value is None:
        return "n"
    if isinstance(value, bytes):
        return "b" + hashlib.sha256(value).hexdigest()
    if isinstance(value, bool):
        return f"i{int(value)}"
    if isinstance(value, int):
        return f"i{value}"
    if hasattr(value, "isoformat"):
        return "d" + value.isoformat()
    return "s" + str(value)
