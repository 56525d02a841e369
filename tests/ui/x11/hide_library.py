"""Run a command on this machine as if one shared library were not installed.

    unshare -m python hide_library.py libxcb-cursor.so.0 -- COMMAND ARGS...

In a private mount namespace (root, or `unshare -Urm` as a user), the folder holding the library is
covered by a folder of symbolic links to everything in it but that library. The dynamic loader's cache
still names the old path, finds nothing there, and reports "not found", as on a machine without the
package. Nothing outside the namespace sees any of it.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    soname, sep, *command = sys.argv[1:]
    assert sep == "--" and command, __doc__
    found = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    paths = [line.rsplit("=> ", 1)[1] for line in found.splitlines() if line.strip().startswith(soname + " ")]
    assert paths, f"{soname} is not installed, nothing to hide"
    folder = Path(paths[0]).resolve().parent
    subprocess.run(["mount", "--make-rprivate", "/"], check=True)
    work = Path(tempfile.mkdtemp(prefix="hide-lib-"))
    work.chmod(0o755)                      # other users in the namespace follow the links too
    original, farm = work / "original", work / "farm"
    original.mkdir()
    farm.mkdir()
    subprocess.run(["mount", "--bind", str(folder), str(original)], check=True)
    for entry in os.scandir(original):
        if entry.name != soname:
            os.symlink(original / entry.name, farm / entry.name)
    subprocess.run(["mount", "--bind", str(farm), str(folder)], check=True)
    try:
        code = subprocess.run(command).returncode
    finally:                               # the mounts end with the namespace; the folders do not
        subprocess.run(["umount", str(folder)], check=True)
        subprocess.run(["umount", str(original)], check=True)
        shutil.rmtree(work)
    sys.exit(code if code >= 0 else 128 - code)          # a signal, as a shell reports it


if __name__ == "__main__":
    main()
