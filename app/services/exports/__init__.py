"""Exports for other programs (issue 14): the tracker to Excel, the minutes to Word, the invitation to
a calendar. Each is `f(session, ...) -> bytes`, built from the same services the PDFs use; the CLI
and the GUI write the bytes where the user asked. Labels come from app/domain/doc_strings.py (plain data),
so a Word minutes reads like the printed one."""
import os
import tempfile
from pathlib import Path

from app.domain.errors import DabirFileError


def usual_mode() -> int:
    """The mode a new file gets from this user's umask (0644 under the usual 022). A temp file from
    mkstemp is 0600, and renamed into place it kept that: exports and documents that the user means
    to share could not be read by others (issue 25). The umask is read without changing it where the
    system says it (Linux), since os.umask(x) to read it would race with the window's other threads."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def publish(tmp, out: Path) -> None:
    """Give the finished temp file the user's usual mode and rename it into place."""
    os.chmod(tmp, usual_mode())
    os.replace(tmp, out)


def write_file(target, data: bytes) -> Path:
    """Write `data` to a temp file beside `target`, then rename: a failure never leaves half a file,
    and an existing file is only replaced by a complete one. A missing or read-only folder is a
    DabirFileError naming it."""
    out = Path(target)
    if not out.parent.is_dir():
        raise DabirFileError(str(out.parent), "پوشه مقصد وجود ندارد", "output folder does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dabir-", suffix=out.suffix, dir=out.parent)
    except OSError as e:
        raise DabirFileError(str(out.parent), f"در این پوشه نمی‌توان نوشت ({e.strerror})",
                             f"cannot write in this folder ({e.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        publish(tmp, out)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise DabirFileError(str(out), f"پرونده نوشته نشد ({e.strerror})", f"cannot write the file ({e.strerror})") \
            from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
