"""each clock's last tick, for `/readyz` (a clock silent for a minute: not ready); a person's @handle, so that
`concerto people forget` finds it in the texts that mention them; when a mission's workspace uninstalled the
app, so that retention purges it after a while

Revision ID: 0020heartbeats
Revises: 0019milestoneanchor
Create Date: 2026-12-03 18:40:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '0020heartbeats'
down_revision = '0019milestoneanchor'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'heartbeats',
        sa.Column('process', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column('beat_at', storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('process'),
    )
    with op.batch_alter_table('slack_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handle', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uninstalled_at', storage.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.drop_column('uninstalled_at')
    with op.batch_alter_table('slack_users', schema=None) as batch_op:
        batch_op.drop_column('handle')
    op.drop_table('heartbeats')
