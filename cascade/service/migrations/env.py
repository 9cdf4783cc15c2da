"""Alembic environment: the engine comes from `Database.alembic_config()` (no alembic.ini, no URL in files)."""

from __future__ import annotations

from alembic import context

from cascade.service.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Apply the revisions on the engine the caller passed."""
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
