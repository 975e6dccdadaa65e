"""slack_users also caches who a user is: their name, and whether they are a bot, deactivated, an admin

Revision ID: 7a1c0e5d2b14
Revises: 0007_action_request_key
Create Date: 2026-12-01 15:50:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '7a1c0e5d2b14'
down_revision = '0007_action_request_key'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('slack_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
        batch_op.add_column(sa.Column('known', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('is_bot', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('deleted', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('is_admin', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('slack_users', schema=None) as batch_op:
        for name in ('is_admin', 'deleted', 'is_bot', 'known', 'name'):
            batch_op.drop_column(name)
