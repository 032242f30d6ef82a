import os
import sys

from alembic import context

# failn.py's fault injection (-x fail_at=N, -x autocommit=1): off without them.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import faults  # noqa: E402

config = context.config
if os.environ.get("LEDGER_URL"):
    config.set_main_option("sqlalchemy.url", os.environ["LEDGER_URL"])


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    with faults.engine(context, config).connect() as connection:
        context.configure(connection=connection, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
