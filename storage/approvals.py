"""Minutes the client approves: one row per sitting whose minutes were ever submitted, or that has a
validator to come; its version and where its approval stands. A table of its own, beside storage.models."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, select

from storage.types import UTCDateTime


class MinutesApproval(SQLModel, table=True):
    """A sitting's minutes on their way to the client's approval.

    States: draft → submitted → approved | changes (asked, with a comment); a change to the sitting's
    decisions once submitted makes version + 1, back to draft (`changed` after an approval: changed since)."""

    __tablename__ = "minutes_approvals"
    __table_args__ = (
        UniqueConstraint("meeting_id", "occurrence_at", name="uq_minutes_approvals_sitting"),
        Index("ix_minutes_approvals_mission_state", "mission_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    mission_id: int = Field(foreign_key="missions.id")
    meeting_id: int = Field(foreign_key="meetings.id", ondelete="CASCADE")
    occurrence_at: datetime = Field(sa_type=UTCDateTime)  # the sitting, as the rule put it
    version: int = 1
    state: str = Field(default="draft", max_length=10)  # draft | submitted | approved | changes | changed
    validator_id: str | None = Field(default=None, max_length=32)  # whom the last submission asked
    submitted_by: str | None = Field(default=None, max_length=32)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by: str | None = Field(default=None, max_length=32)  # who approved, or asked for changes
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    comment: str | None = Field(default=None, max_length=1000)  # the change asked
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


def approval_of(session: Session, meeting_id: int, occurrence_at: datetime) -> MinutesApproval | None:
    return session.exec(
        select(MinutesApproval).where(
            MinutesApproval.meeting_id == meeting_id, MinutesApproval.occurrence_at == occurrence_at
        )
    ).first()


def waiting_approvals(session: Session, mission_id: int) -> list[MinutesApproval]:
    """The minutes of a mission submitted and not yet answered, the oldest submission first."""
    return list(
        session.exec(
            select(MinutesApproval)
            .where(MinutesApproval.mission_id == mission_id, MinutesApproval.state == "submitted")
            .order_by(col(MinutesApproval.submitted_at))
        )
    )
