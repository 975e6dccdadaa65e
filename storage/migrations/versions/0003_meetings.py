"""meetings, occurrence changes, agenda and decisions

Revision ID: 3be1ec249529
Revises: 4f1401cef0d5
Create Date: 2026-11-28 15:19:30.229300
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '3be1ec249529'
down_revision = '4f1401cef0d5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('organiser_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('starts_local', sa.DateTime(), nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('rrule', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('attendees', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('dm_attendees', sa.Boolean(), nullable=False),
    sa.Column('skip_holidays', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('reminders', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('mission_id', 'number')
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_team_id'), ['team_id'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('occurrence_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('added_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index('ix_agenda_meeting', ['meeting_id', 'occurrence_at'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('occurrence_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index('ix_decisions_mission', ['mission_id', 'created_at'], unique=False)

    op.create_table('meeting_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('original_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('moved_to', storage.types.UTCDateTime(), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'original_at')
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('meeting_at', storage.types.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key('fk_actions_meeting_id', 'meetings', ['meeting_id'], ['id'])

    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_meeting_number', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('calendar_token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_missions_calendar_token'), ['calendar_token'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('about_at', storage.types.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('about_at')

    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_missions_calendar_token'))
        batch_op.drop_column('calendar_token')
        batch_op.drop_column('next_meeting_number')

    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_actions_meeting_id', type_='foreignkey')
        batch_op.drop_column('meeting_at')
        batch_op.drop_column('meeting_id')

    op.drop_table('meeting_changes')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_decisions_mission')

    op.drop_table('decisions')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index('ix_agenda_meeting')

    op.drop_table('agenda_items')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_team_id'))

    op.drop_table('meetings')
