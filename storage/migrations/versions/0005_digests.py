"""digests, personal summaries and seen events

Revision ID: 9159f7af637d
Revises: 4342360f32be
Create Date: 2026-11-28 16:07:12.603656
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '9159f7af637d'
down_revision = '4342360f32be'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('seen_events',
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('seen_at', storage.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    with op.batch_alter_table('seen_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seen_events_seen_at'), ['seen_at'], unique=False)

    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_rhythm', sqlmodel.sql.sqltypes.AutoString(length=8), server_default='weekly', nullable=False))
        batch_op.add_column(sa.Column('digest_weekday', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('digest_time', sqlmodel.sql.sqltypes.AutoString(length=5), server_default='17:00', nullable=False))
        batch_op.add_column(sa.Column('digest_sections', sqlmodel.sql.sqltypes.AutoString(length=80), server_default='overdue soon owners done meetings milestones', nullable=False))

    with op.batch_alter_table('user_prefs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weekly_summary', sa.Boolean(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('user_prefs', schema=None) as batch_op:
        batch_op.drop_column('weekly_summary')

    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.drop_column('digest_sections')
        batch_op.drop_column('digest_time')
        batch_op.drop_column('digest_weekday')
        batch_op.drop_column('digest_rhythm')

    with op.batch_alter_table('seen_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seen_events_seen_at'))

    op.drop_table('seen_events')
