"""the modals the bot opened and what each was opened for (open_forms): submissions are read against it

Revision ID: 0015openforms
Revises: 0014homeenterprise
Create Date: 2026-12-02 19:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '0015openforms'
down_revision = '0014homeenterprise'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'open_forms',
        sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('meta', sqlmodel.sql.sqltypes.AutoString(length=3000), nullable=False),
        sa.Column('opened_at', storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('external_id'),
    )
    op.create_index(op.f('ix_open_forms_opened_at'), 'open_forms', ['opened_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_open_forms_opened_at'), table_name='open_forms')
    op.drop_table('open_forms')
