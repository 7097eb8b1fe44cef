"""Alembic environment: migrate the engine handed over by bot.storage.migrate."""

from __future__ import annotations

from alembic import context

from bot.storage import models_admin  # noqa: F401 (registers the admin tables on Base)
from bot.storage.models import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
