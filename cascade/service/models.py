"""The tables of the province service (SQLAlchemy 2 declarative models).

Every schema change goes through a new Alembic revision in `cascade/service/migrations/versions/`; the models and
the revisions must agree (a test compares them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from cascade.vocab import table


def utcnow() -> dt.datetime:
    """Now, in UTC (stored naive-free so SQLite and PostgreSQL agree)."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Base of every model."""


ROLES = ("agency", "reviewer", "admin")
# dự thảo → đã góp ý → đạt
STATUSES = table("submission_statuses")
# a version's audit job: queued versions are the persistent queue, resumed at start-up
JOB_STATES = table("job_states")


class Agency(Base):
    """An agency of the province that writes a plan (Sở, huyện, xã …)."""

    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Base):
    """An account: an agency user (own agency only), a reviewer of the Sở Nội vụ (all agencies) or an admin."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    agency: Mapped[Agency | None] = relationship()


class ParentPlan(Base):
    """A parent plan uploaded to the library (bundled plans are read from disk and not stored)."""

    __tablename__ = "parent_plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    library_id: Mapped[str] = mapped_column(String(100), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(500))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Submission(Base):
    """One agency's plan under review; each upload is a `Version`. `public_id` is random: ids in URLs are not
    guessable, and an id of another agency answers 404 anyway."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    parent_library_id: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="du_thao")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    agency: Mapped[Agency] = relationship()
    versions: Mapped[list[Version]] = relationship(back_populates="submission", order_by="Version.number")


class Version(Base):
    """One uploaded draft of a submission: the file (by sha256 under the data dir), its audit job's state, the
    `cascade-audit/1` JSON and the HTML report (by sha256) once audited."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64))
    parent_library_id: Mapped[str | None] = mapped_column(String(100))
    agency_name: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    error: Mapped[str | None] = mapped_column(Text)
    # deferred: the JSON is hundreds of KB; lists and polls read the state and verdict only
    audit: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    verdict: Mapped[str | None] = mapped_column(String(30))
    report_sha256: Mapped[str | None] = mapped_column(String(64))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    submission: Mapped[Submission] = relationship(back_populates="versions")


class Decision(Base):
    """A reviewer's decision on one finding of a version: accept (it goes into the letter) or dismiss."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("version_id", "finding_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    finding_key: Mapped[str] = mapped_column(String(500))
    decision: Mapped[str] = mapped_column(String(10))  # accept | dismiss
    comment: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditLog(Base):
    """Who did what, when (logins, uploads, decisions, status changes, accounts)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)


# the year's batch dashboard: queued (a rebuild is due) → running → done | failed
DASHBOARD_STATES = table("dashboard_states")


class Dashboard(Base):
    """The batch dashboard of one year over each agency's latest audited version, built by the worker pool under
    `<data dir>/dashboards/<year>/`. A new version of that year (or the button) sets `requested_at`; a build that
    started before the latest request is followed by another."""

    __tablename__ = "dashboards"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    built_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    children: Mapped[int] = mapped_column(Integer, default=0)  # child plans audited in the last build
    failures: Mapped[int] = mapped_column(Integer, default=0)
    entry: Mapped[str | None] = mapped_column(String(300))  # the dashboard page, relative to its folder
