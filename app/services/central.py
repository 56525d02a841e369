"""Setting up a central PostgreSQL server's access rules (issue 23, docs/central.md): the services
behind `dabir server init | add-office | check`. The SQL itself is app/storage/server_acl.py."""
from app.domain.errors import ValidationError
from app.storage import server
from app.storage.server import display_url  # noqa: F401  (for the CLI's messages)


def _url(url: str) -> str:
    if not server.is_server_url(url):
        raise ValidationError("url", "نشانی سرور باید postgresql://… باشد", "the server's URL must be postgresql://…")
    return url


def init(url: str) -> None:
    """Install or repair the roles (dabir_office, dabir_sealer), the dabir_acl schema, grants,
    row-level security policies, triggers and functions. Run as the owner of Dabir's tables;
    idempotent."""
    server.install_acl(_url(url))


def add_office(url: str, office: str, committees: list[str]) -> None:
    """An office's role (a member of dabir_office, with its timeouts) and the committees it writes."""
    server.add_office(_url(url), office, committees)


def problems(url: str) -> list[str]:
    """What init installs that the server lacks; empty when all is there."""
    return server.acl_problems(_url(url))
