"""digest settings

Revision ID: 863404471608
Revises: 4342360f32be
Create Date: 2026-11-28 15:52:05.543676
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '863404471608'
down_revision = '4342360f32be'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_rhythm', sqlmodel.sql.sqltypes.AutoString(length=8), server_default='weekly', nullable=False))
        batch_op.add_column(sa.Column('digest_weekday', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('digest_time', sqlmodel.sql.sqltypes.AutoString(length=5), server_default='17:00', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.drop_column('digest_time')
        batch_op.drop_column('digest_weekday')
        batch_op.drop_column('digest_rhythm')

