"""the Slack request that created an action, so a retry, a double click or a resubmission creates one

Revision ID: 0007_action_request_key
Revises: 7a2c4e9d1b30
Create Date: 2026-12-01 16:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007_action_request_key'
down_revision = '7a2c4e9d1b30'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.create_unique_constraint('uq_actions_team_request_key', ['team_id', 'request_key'])


def downgrade() -> None:
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_constraint('uq_actions_team_request_key', type_='unique')
        batch_op.drop_column('request_key')
