"""meeting exceptions keyed on the occurrence's day, so that they survive an edit of the series' time

Revision ID: 7a2c4e9d1b30
Revises: 7c3a9d2e5b10
Create Date: 2026-12-01 15:05:00

The table is rebuilt (the same on SQLite and PostgreSQL): each row's `original_at`, a UTC start,
becomes `occurrence_on`, that start's day in the meeting's own time zone.
"""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa
import sqlmodel
import storage.types


revision = '7a2c4e9d1b30'
down_revision = '7c3a9d2e5b10'
branch_labels = None
depends_on = None


def _table(meta: sa.MetaData, name: str, key: sa.Column, unique: sa.UniqueConstraint) -> sa.Table:
    return sa.Table(
        name, meta,
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('meeting_id', sa.Integer(), sa.ForeignKey('meetings.id', ondelete='CASCADE'), nullable=False),
        key,
        sa.Column('moved_to', storage.types.UTCDateTime(), nullable=True),
        sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
        unique,
    )


def _by_day(meta: sa.MetaData, name: str) -> sa.Table:
    return _table(meta, name, sa.Column('occurrence_on', sa.Date(), nullable=False),
                  sa.UniqueConstraint('meeting_id', 'occurrence_on', name='uq_meeting_changes_day'))


def _by_start(meta: sa.MetaData, name: str) -> sa.Table:
    return _table(meta, name, sa.Column('original_at', storage.types.UTCDateTime(), nullable=False),
                  sa.UniqueConstraint('meeting_id', 'original_at'))


def _rebuild(old_table, new_table, convert) -> None:
    """Copy the old table into the new, each row converted with its meeting, then put it in its place."""
    meta = sa.MetaData()
    meetings_table = sa.Table('meetings', meta, sa.Column('id', sa.Integer(), primary_key=True),
                              sa.Column('timezone', sa.String(64)),
                              sa.Column('starts_local', sa.DateTime(timezone=False)))
    old, new = old_table(meta), new_table(meta)
    bind = op.get_bind()
    new.create(bind)
    meetings = {m.id: m for m in bind.execute(sa.select(meetings_table))}
    rows = [convert(dict(row._mapping), meetings[row.meeting_id]) for row in bind.execute(sa.select(old))]
    if rows:
        bind.execute(new.insert(), rows)
    op.drop_table(old.name)
    op.rename_table(new.name, old.name)


def upgrade() -> None:
    def convert(row: dict, meeting) -> dict:
        row['occurrence_on'] = row.pop('original_at').astimezone(ZoneInfo(meeting.timezone)).date()
        return row

    _rebuild(lambda meta: _by_start(meta, 'meeting_changes'), lambda meta: _by_day(meta, 'meeting_changes_by_day'),
             convert)


def downgrade() -> None:
    def convert(row: dict, meeting) -> dict:  # back on the day's start at the series' current time
        tz = ZoneInfo(meeting.timezone)
        local = datetime.combine(row.pop('occurrence_on'), meeting.starts_local.time(), tzinfo=tz)
        row['original_at'] = local.astimezone(timezone.utc)
        return row

    _rebuild(lambda meta: _by_day(meta, 'meeting_changes'), lambda meta: _by_start(meta, 'meeting_changes_by_start'),
             convert)
