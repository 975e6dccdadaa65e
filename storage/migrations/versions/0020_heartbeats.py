"""each clock's last tick, for `/readyz` (a clock silent for a minute: not ready)

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


def downgrade() -> None:
    op.drop_table('heartbeats')
