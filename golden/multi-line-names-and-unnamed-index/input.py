from alembic import op

TABLE_NAME = "portforwardings"


def upgrade():
    op.create_unique_constraint(
        constraint_name=('uniq_port_forwardings0floatingip_id0'
                         'external_port0protocol'),
        table_name=TABLE_NAME,
        columns=['floatingip_id', 'external_port', 'protocol'])
    op.create_index(None, 'principals', ['event_role_id'], schema='events')
