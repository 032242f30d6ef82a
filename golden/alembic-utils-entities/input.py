"""alembic_utils entities bound to a name are checked in PostgreSQL's catalogue;
entities built inline, of a kind migfix cannot look up, or bound twice are
left alone with a reason."""
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

    # near misses: built inline, a kind with no lookup, a name bound twice
    op.create_entity(PGFunction(schema="public", signature="f()", definition="returns int as $$ select 1 $$ language sql"))
    grant = PGGrantTable(schema="public", table="users", columns=["id"], role="reader", grant="SELECT")
    op.create_entity(grant)
    twice = PGView(schema="public", signature="v1", definition="select 1")
    twice = PGView(schema="public", signature="v2", definition="select 2")
    op.create_entity(twice)


def downgrade():
    op.drop_entity(active_users)
    public_to_upper = PGFunction(
        schema="public",
        signature="to_upper(some_text text)",
        definition="returns text as $$ select upper(some_text) $$ language SQL;",
    )
    op.drop_entity(public_to_upper, cascade=True)
