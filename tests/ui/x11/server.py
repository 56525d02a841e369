"""A private X server (Xvfb) for a test, and a display number where there is none."""
import contextlib
import os
import subprocess
from pathlib import Path


@contextlib.contextmanager
def xvfb(size: str = "1280x1024x24"):
    """Xvfb on a free display number it picks itself; yields the DISPLAY value (":N"). With -noreset:
    a lone X server resets when its last client leaves and refuses whoever connects meanwhile (a
    desktop's never does, its window manager stays connected); two checks in a row failed 1 in a
    full run without it."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp",
                               "-noreset"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        # the whole line: Xvfb writes the number and then "\n" in two writes, and exits ("Cannot write
        # display number to fd") if this end is closed between them
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def absent_display() -> str:
    """A DISPLAY value no X server answers on here: neither a socket nor a server's lock file."""
    for number in range(400, 500):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return f":{number}"
    raise AssertionError("no free display number between 400 and 500")
