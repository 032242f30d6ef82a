from alembic import op
import sqlalchemy as sa

revision = "f1"
down_revision = "e1"


def upgrade():
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),  # surrogate key
        # the body keeps its own line breaks
        sa.Column(
            "body",
            sa.Text,
            server_default="""first line
    second line, indented on purpose
last line""",
        ),
    )


def downgrade():
    op.drop_table("notes")  # everything goes
