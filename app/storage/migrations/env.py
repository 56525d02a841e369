"""Alembic environment: migrations run in-process on the connection that database.py hands over."""
from alembic import context

from app.storage.migrate import include_object
from app.storage.models import Base
from app.storage import merge_models  # noqa: F401  (so autogenerate sees the merge tables)

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  include_object=include_object)
context.run_migrations()
