import pytest


@pytest.fixture
def dabir(capsys):
    """`dabir ARGS...` run in this process (the real command line, without 45 interpreter starts):
    returns its standard output. For the migration tests (migration_capture.py)."""
    from app.cli.main import main

    def run(*args) -> str:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        assert code == 0, out.err
        return out.out
    return run
