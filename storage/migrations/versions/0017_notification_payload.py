"""a notification may carry the message rendered with its change (an announcement in the channel)

Revision ID: 0017notificationpayload
Revises: 0016auditrequestkey
Create Date: 2026-12-03 09:30:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0017notificationpayload'
down_revision = '0016auditrequestkey'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payload', sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('payload')
