"""people's own Grid organisation (slack_users.home_enterprise_id), to remind them through its org-wide install

Revision ID: 0014homeenterprise
Revises: 0013missionteams
Create Date: 2026-12-01 19:30:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0014homeenterprise'
down_revision = '0013missionteams'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('slack_users') as batch:
        batch.add_column(sa.Column('home_enterprise_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('slack_users') as batch:
        batch.drop_column('home_enterprise_id')
