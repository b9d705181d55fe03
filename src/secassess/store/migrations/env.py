"""Alembic environment: always run on a connection handed over by secassess.store.migrate."""

from alembic import context

from secassess.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
