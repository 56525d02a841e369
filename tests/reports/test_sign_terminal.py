"""Issue 25: `dabir sign` at a terminal, as a person types (a real pseudo-terminal, so getpass reads
it as it reads a keyboard). A new office key's passphrase is asked twice; two different answers
stop with one line, exit 2, and leave no key, no signed file and the .dabir file byte-identical.
An existing key's passphrase is asked once."""
import os
import re
import select
import sys
import pty

from tests.conftest import ROOT
from tests.reports.test_signing import _office

PROMPT = re.compile(rb"passphrase(?: again)?: ")


def sign_at_a_terminal(args, answers, env) -> tuple[int, str, int]:
    """Run `dabir ARGS` on a pseudo-terminal, typing the next answer at each passphrase prompt.
    Returns the exit code, everything the terminal showed, and how many prompts came."""
    pid, fd = pty.fork()
    if pid == 0:                                     # the child: the CLI, with the terminal as its own
        try:
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "app.cli.main", *map(str, args)], env)
        finally:
            os._exit(127)
    shown, answered = b"", 0
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 120)
            if not ready:
                break
            try:
                chunk = os.read(fd, 4096)
            except OSError:                            # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            prompts = len(PROMPT.findall(shown))
            while answered < prompts and answered < len(answers):
                os.write(fd, answers[answered].encode() + b"\n")
                answered += 1
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace"), len(PROMPT.findall(shown))


def _env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DABIR_KEY_PASSPHRASE"}
    env.update(PYTHONPATH=str(ROOT), DABIR_KEY_DIR=str(tmp_path / "keys"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")   # no keyring: the prompt answers
    return env


def test_new_key_passphrase_asked_twice(cli, tmp_path):
    path = tmp_path / "office.dabir"
    mid = _office(path)
    pdf, signed = tmp_path / "m.pdf", tmp_path / "s.pdf"
    assert cli("minutes", "--db", path, "--meeting", mid, "-o", pdf).returncode == 0
    before = path.read_bytes()
    # `minutes` registered the PDF, signing the register entry with this office's row key (issue 22):
    # the key folder holds that key already, and must hold nothing more
    keys_before = sorted(p.name for p in (tmp_path / "keys").glob("*"))
    assert not any(name.endswith(".p12") for name in keys_before)
    env = _env(tmp_path)
    # two different answers: one line, exit 2, nothing written anywhere
    code, shown, prompts = sign_at_a_terminal(["sign", "--db", path, pdf, "-o", signed], ["گذر-یک", "گذر-دو"], env)
    assert code == 2 and prompts == 2, shown
    errors = [line for line in shown.splitlines() if "error:" in line]
    assert len(errors) == 1 and "passphrases differ" in errors[0] and "Traceback" not in shown
    assert not signed.exists() and path.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "keys").glob("*")) == keys_before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dabir-")] == []
    # the same twice: the key is made and the copy signed
    code, shown, prompts = sign_at_a_terminal(["sign", "--db", path, pdf, "-o", signed], ["گذر-یک", "گذر-یک"], env)
    assert code == 0 and prompts == 2, shown
    assert signed.exists() and len(list((tmp_path / "keys").glob("*.p12"))) == 1
    # the key exists now: its passphrase is asked once; a wrong one is refused
    again = tmp_path / "s2.pdf"
    code, shown, prompts = sign_at_a_terminal(["sign", "--db", path, pdf, "-o", again], ["گذر-یک"], env)
    assert code == 0 and prompts == 1 and again.exists(), shown
    code, shown, prompts = sign_at_a_terminal(["sign", "--db", path, pdf, "-o", tmp_path / "s3.pdf"], ["غلط"], env)
    assert code == 2 and prompts == 1 and not (tmp_path / "s3.pdf").exists(), shown
