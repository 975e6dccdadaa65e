"""a milestone inside a phase is kept relative to the phase's start or to its end ("14 days after the
workshops"); those made before keep their start. A mission's public holidays may follow a subdivision
(Alsace-Moselle adds Good Friday and 26 December). A person may be away (`/concerto absent du … au …`)

Revision ID: 0019milestoneanchor
Revises: 0018channellife
Create Date: 2026-12-03 14:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0019milestoneanchor'
down_revision = '0018channellife'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('anchor', sqlmodel.sql.sqltypes.AutoString(length=5), server_default='start', nullable=False)
        )
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holiday_subdivision', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
    with op.batch_alter_table('user_prefs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('away_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('away_until', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('user_prefs', schema=None) as batch_op:
        batch_op.drop_column('away_until')
        batch_op.drop_column('away_from')
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.drop_column('holiday_subdivision')
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_column('anchor')
