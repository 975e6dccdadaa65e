"""the durable hand-off (inbox) and per-conversation pacing shared by clocks

Revision ID: 0008inbox
Revises: 05cde903596b
Create Date: 2026-12-01 15:50:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '0008inbox'
down_revision = '05cde903596b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'inbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('headers', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('claimed_until', storage.types.UTCDateTime(), nullable=True),
        sa.Column('received_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('done_at', storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
    )
    op.create_index('ix_inbox_state_claimed', 'inbox', ['state', 'claimed_until'], unique=False)
    op.create_table(
        'conversation_pace',
        sa.Column('target', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('next_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('held_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('held_until', storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('target'),
    )


def downgrade() -> None:
    op.drop_table('conversation_pace')
    op.drop_index('ix_inbox_state_claimed', table_name='inbox')
    op.drop_table('inbox')
