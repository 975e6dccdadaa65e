"""the pending notifications by when they expire: each tick drops what expired in one statement, which read
every pending row without it

Revision ID: 0022notificationexpiry
Revises: 0021minutesapproval
Create Date: 2026-12-05 00:30:00
"""
from alembic import op


revision = '0022notificationexpiry'
down_revision = '0021minutesapproval'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_expiry', ['state', 'expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_expiry')
