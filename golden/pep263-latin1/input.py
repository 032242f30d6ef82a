# -*- coding: latin-1 -*-
"""Café menu: the déjà-vu table.

Revision ID: c4f3
"""
from alembic import op
import sqlalchemy as sa

revision = "c4f3"
down_revision = None


def upgrade():
    # Café: prices in £ and °C for the crème brûlée
    op.create_table(
        "café",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("nom", sa.String(40), server_default="crème"),
    )
    op.add_column("menu", sa.Column("résumé", sa.Text(), comment="½ portion"))


def downgrade():
    op.drop_column("menu", "résumé")  # été
    op.drop_table("café")
