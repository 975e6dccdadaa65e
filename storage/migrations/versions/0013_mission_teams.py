"""the workspaces a mission's channel is shared with (Slack Connect), for their people's Homes

Revision ID: 0013missionteams
Revises: 0008inbox
Create Date: 2026-12-01 18:45:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '0013missionteams'
down_revision = '0008inbox'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'mission_teams',
        sa.Column('mission_id', sa.Integer(), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('seen_at', storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('mission_id', 'team_id'),
    )
    op.create_index(op.f('ix_mission_teams_team_id'), 'mission_teams', ['team_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_mission_teams_team_id'), table_name='mission_teams')
    op.drop_table('mission_teams')
