"""audit entries name the Slack request that made them: the same request run again changes nothing more

Revision ID: 0016auditrequestkey
Revises: 0015openforms
Create Date: 2026-12-03 08:30:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0016auditrequestkey'
down_revision = '0015openforms'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.create_unique_constraint('uq_audit_team_request_key', ['team_id', 'request_key'])


def downgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_constraint('uq_audit_team_request_key', type_='unique')
        batch_op.drop_column('request_key')
