"""phases, milestones and mission plans

Revision ID: 4342360f32be
Revises: 3be1ec249529
Create Date: 2026-11-28 15:44:33.498153
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '4342360f32be'
down_revision = '3be1ec249529'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('phases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('plan_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('mission_id', 'number'),
    sa.UniqueConstraint('mission_id', 'plan_key')
    )
    with op.batch_alter_table('phases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phases_team_id'), ['team_id'], unique=False)

    op.create_table('milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=True),
    sa.Column('offset_days', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('owner_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('plan_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('done_at', storage.types.UTCDateTime(), nullable=True),
    sa.Column('done_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], ),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('mission_id', 'number'),
    sa.UniqueConstraint('mission_id', 'plan_key')
    )
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index('ix_milestones_mission', ['mission_id', 'status'], unique=False)

    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phase_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('milestone_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_actions_phase_id', 'phases', ['phase_id'], ['id'])
        batch_op.create_foreign_key('fk_actions_milestone_id', 'milestones', ['milestone_id'], ['id'])

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
        batch_op.create_unique_constraint('uq_meetings_mission_plan_key', ['mission_id', 'plan_key'])

    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_phase_number', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('next_milestone_number', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('alert_days', sqlmodel.sql.sqltypes.AutoString(length=40), server_default='14 7 3 1 0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.drop_column('alert_days')
        batch_op.drop_column('next_milestone_number')
        batch_op.drop_column('next_phase_number')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint('uq_meetings_mission_plan_key', type_='unique')
        batch_op.drop_column('plan_key')

    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_actions_milestone_id', type_='foreignkey')
        batch_op.drop_constraint('fk_actions_phase_id', type_='foreignkey')
        batch_op.drop_column('milestone_id')
        batch_op.drop_column('phase_id')

    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_index('ix_milestones_mission')

    op.drop_table('milestones')
    with op.batch_alter_table('phases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phases_team_id'))

    op.drop_table('phases')
