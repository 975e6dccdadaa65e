"""minutes the client approves: a validator per meeting, and each sitting's minutes with their version and
where their approval stands

Revision ID: 0021minutesapproval
Revises: 0020heartbeats
Create Date: 2026-12-04 10:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '0021minutesapproval'
down_revision = '0020heartbeats'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'minutes_approvals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('mission_id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('occurrence_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('validator_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('submitted_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('submitted_at', storage.types.UTCDateTime(), nullable=True),
        sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('decided_at', storage.types.UTCDateTime(), nullable=True),
        sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['mission_id'], ['missions.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('meeting_id', 'occurrence_at', name='uq_minutes_approvals_sitting'),
    )
    with op.batch_alter_table('minutes_approvals', schema=None) as batch_op:
        batch_op.create_index('ix_minutes_approvals_mission_state', ['mission_id', 'state'], unique=False)
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('validator_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('validator_id')
    with op.batch_alter_table('minutes_approvals', schema=None) as batch_op:
        batch_op.drop_index('ix_minutes_approvals_mission_state')
    op.drop_table('minutes_approvals')
