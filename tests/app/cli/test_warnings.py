"""Issue 29: a library's warning never reaches the user's terminal; it goes to the log folder."""
import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.reports.test_signing import _office


def _bare_env(tmp_path) -> dict:
    """The environment a secretary's terminal has: no PYTHONWARNINGS, no -W options."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    env.update(PYTHONPATH=str(ROOT), DABIR_KEY_DIR=str(tmp_path / "keys"),
               DABIR_KEY_PASSPHRASE="گذرواژه آزمون", DABIR_LOG_DIR=str(tmp_path / "logs"))
    return env


def _dabir(env, *args):
    return subprocess.run([sys.executable, "-m", "app.cli.main", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)


def test_sign_and_verify_print_only_their_own_lines(tmp_path):
    env = _bare_env(tmp_path)
    path = tmp_path / "office.dabir"
    mid = _office(path)
    pdf, signed = tmp_path / "m.pdf", tmp_path / "m-signed.pdf"
    assert _dabir(env, "minutes", "--db", path, "--meeting", mid, "-o", pdf).returncode == 0
    runs = {"sign": _dabir(env, "sign", "--db", path, pdf, "-o", signed),
            "verify signed": _dabir(env, "verify", "--db", path, signed),
            "verify registered": _dabir(env, "verify", "--db", path, pdf)}
    for name, r in runs.items():
        assert r.returncode == 0, (name, r.stderr)
        assert r.stderr == "", (name, r.stderr)           # not one line of a library's warning
        lines = r.stdout.splitlines()
        assert len(lines) == 1, (name, lines)
    assert runs["sign"].stdout.strip() == str(signed)
    for name in ("verify signed", "verify registered"):
        line = runs[name].stdout
        assert "استانداری لرستان" in line and "Warning" not in line and "site-packages" not in line


def test_a_warning_during_a_command_goes_to_the_log_file_not_stderr(tmp_path):
    """Whatever a library warns today or tomorrow: a warning raised while a command runs (here by a
    wrapper around the parser, as an import inside a command would) is written to warnings.log."""
    env = _bare_env(tmp_path)
    code = ("import sys, warnings\n"
            "import app.cli.main as m\n"
            "build = m.build_parser\n"
            "def noisy():\n"
            "    warnings.warn('a library deprecates something', UserWarning)\n"
            "    return build()\n"
            "m.build_parser = noisy\n"
            "sys.exit(m.main(['list', 'committees', '--db', sys.argv[1]]))\n")
    path = tmp_path / "office.dabir"
    _office(path)
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env,
                       cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    log = (tmp_path / "logs" / "warnings.log").read_text(encoding="utf-8")
    assert "UserWarning: a library deprecates something" in log
