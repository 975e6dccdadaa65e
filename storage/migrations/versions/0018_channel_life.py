"""a mission knows its channel's name and whether the channel is closed to the bot (archived, the bot removed);
a canvas, the title it was last given

Revision ID: 0018channellife
Revises: 0017notificationpayload
Create Date: 2026-12-03 14:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0018channellife'
down_revision = '0017notificationpayload'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
        batch_op.add_column(sa.Column('channel_archived', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('bot_removed', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('canvases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('canvases', schema=None) as batch_op:
        batch_op.drop_column('title')
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.drop_column('bot_removed')
        batch_op.drop_column('channel_archived')
        batch_op.drop_column('channel_name')
