"""alembic_utils entities bound to a name are checked in PostgreSQL's catalogue
(a name rebound: the binding that reaches the call); entities built inline, of
a kind migfix cannot look up, or rebound under an `if` are left alone with a
reason."""
from alembic import op
import sqlalchemy as sa
from alembic_utils.pg_function import PGFunction
from alembic_utils.pg_view import PGView
from alembic_utils import pg_trigger

revision = "a1"
down_revision = None

active_users = PGView(schema="public", signature="active_users", definition="select * from users where active")


def upgrade():
    public_to_upper = PGFunction(
        schema="public",
        signature="to_upper(some_text text)",
        definition="returns text as $$ select upper(some_text) $$ language SQL;",
    )
    op.create_entity(public_to_upper)

    op.create_entity(active_users)

    touch = pg_trigger.PGTrigger(
        schema="public",
        signature="users_touch",
        on_entity="public.users",
        definition="BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION touch()",
    )
    op.create_entity(touch)

    # rebound: the second view is the one created
    twice = PGView(schema="public", signature="v1", definition="select 1")
    twice = PGView(schema="public", signature="v2", definition="select 2")
    op.create_entity(twice)

    # near misses: built inline, a kind with no lookup, rebound under an if
    op.create_entity(PGFunction(schema="public", signature="f()", definition="returns int as $$ select 1 $$ language sql"))
    grant = PGGrantTable(schema="public", table="users", columns=["id"], role="reader", grant="SELECT")
    op.create_entity(grant)
    maybe = PGView(schema="public", signature="v3", definition="select 3")
    if op.get_context().dialect.name == "postgresql":
        maybe = PGGrantTable(schema="public", table="users", columns=["id"], role="reader", grant="SELECT")
    op.create_entity(maybe)


def downgrade():
    op.drop_entity(active_users)
    public_to_upper = PGFunction(
        schema="public",
        signature="to_upper(some_text text)",
        definition="returns text as $$ select upper(some_text) $$ language SQL;",
    )
    op.drop_entity(public_to_upper, cascade=True)
