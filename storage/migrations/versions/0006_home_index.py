"""an index for each person's open actions across missions

Revision ID: e1ed90e5e838
Revises: 9159f7af637d
Create Date: 2026-11-28 18:05:23.368561
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = 'e1ed90e5e838'
down_revision = '9159f7af637d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index('ix_actions_team_status_due', ['team_id', 'status', 'due_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index('ix_actions_team_status_due')
