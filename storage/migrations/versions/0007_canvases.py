"""canvases: the mission's channel canvas and each sitting's minutes

Revision ID: 7c3a9d2e5b10
Revises: e1ed90e5e838
Create Date: 2026-12-01 15:10:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '7c3a9d2e5b10'
down_revision = 'e1ed90e5e838'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'canvases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('mission_id', sa.Integer(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=True),
        sa.Column('occurrence_at', storage.types.UTCDateTime(), nullable=True),
        sa.Column('canvas_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('placement', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('written_at', storage.types.UTCDateTime(), nullable=True),
        sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['mission_id'], ['missions.id']),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('mission_id', 'key'),
    )


def downgrade() -> None:
    op.drop_table('canvases')
