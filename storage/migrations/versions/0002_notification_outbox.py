"""notification outbox and reminder preferences

Revision ID: 4f1401cef0d5
Revises: dcd8bf35aecf
Create Date: 2026-11-28 14:30:26.120443
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '4f1401cef0d5'
down_revision = 'dcd8bf35aecf'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=True),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('target', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('planned_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('run_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('expires_at', storage.types.UTCDateTime(), nullable=True),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('claimed_until', storage.types.UTCDateTime(), nullable=True),
    sa.Column('sent_at', storage.types.UTCDateTime(), nullable=True),
    sa.Column('message_channel', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('message_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'key')
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_due', ['state', 'run_at'], unique=False)
        batch_op.create_index('ix_notifications_entity', ['team_id', 'entity', 'entity_id'], unique=False)

    op.create_table('user_prefs',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('remind_before', sa.Boolean(), nullable=False),
    sa.Column('remind_due', sa.Boolean(), nullable=False),
    sa.Column('nudge_overdue', sa.Boolean(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'user_id')
    )
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holiday_country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True))
    op.execute("UPDATE missions SET holiday_country = 'FR'")


def downgrade() -> None:
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.drop_column('holiday_country')

    op.drop_table('user_prefs')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_entity')
        batch_op.drop_index('ix_notifications_due')

    op.drop_table('notifications')
