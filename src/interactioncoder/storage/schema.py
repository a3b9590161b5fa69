"""Tables of a project (SQLAlchemy 2 declarative, portable types only).

The same models run on SQLite (a project file) and PostgreSQL (a lab server): no
dialect-specific types, no raw SQL. Times are stored as the master video's frame index
plus the presentation time in milliseconds (Float), never as wall-clock strings.
Changing anything here needs an Alembic revision in ``storage/migrations/versions``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so batch migrations on SQLite can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProjectMetaRow(Base):
    """Key/value facts about the project file itself (application, name, created)."""

    __tablename__ = "project_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class VideoRow(Base):
    __tablename__ = "videos"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    fingerprint: Mapped[str] = mapped_column(String(128), default="")
    duration_ms: Mapped[float] = mapped_column(Float, default=0.0)
    frame_count: Mapped[int] = mapped_column(Integer, default=0)
    nominal_fps: Mapped[float] = mapped_column(Float, default=0.0)
    is_vfr: Mapped[bool] = mapped_column(Boolean, default=False)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    has_audio: Mapped[bool] = mapped_column(Boolean, default=False)
    # zlib-compressed little-endian float64 presentation times (ms) of every frame, so
    # exports and reliability work exactly (VFR too) without opening the video.
    frame_times: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class DyadRow(Base):
    __tablename__ = "dyads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(200), unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class SessionRow(Base):
    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dyad_id: Mapped[int] = mapped_column(ForeignKey("dyads.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    visit: Mapped[str] = mapped_column(String(100), default="")
    infant_age_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    __table_args__ = (UniqueConstraint("dyad_id", "name", name="uq_sessions_dyad_name"),)


class SessionVideoRow(Base):
    __tablename__ = "session_videos"
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    video_id: Mapped[int] = mapped_column(ForeignKey("videos.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    camera: Mapped[str] = mapped_column(String(100), default="")
    offset_ms: Mapped[float] = mapped_column(Float, default=0.0)
    is_master: Mapped[bool] = mapped_column(Boolean, default=False)


class SegmentRow(Base):
    __tablename__ = "segments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    onset_frame: Mapped[int] = mapped_column(Integer)
    onset_ms: Mapped[float] = mapped_column(Float)
    offset_frame: Mapped[int] = mapped_column(Integer)
    offset_ms: Mapped[float] = mapped_column(Float)


class CoderRow(Base):
    __tablename__ = "coders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    is_pi: Mapped[bool] = mapped_column(Boolean, default=False)


class CodebookVersionRow(Base):
    __tablename__ = "codebook_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    codebook_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    snapshot_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class CodingRow(Base):
    __tablename__ = "codings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"), index=True)
    codebook_version_id: Mapped[int] = mapped_column(ForeignKey("codebook_versions.id"))
    role: Mapped[str] = mapped_column(String(20), default="primary")
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    __table_args__ = (
        UniqueConstraint("session_id", "coder_id", "role", name="uq_codings_session_coder_role"),
    )


class EventRow(Base):
    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    coding_id: Mapped[int] = mapped_column(ForeignKey("codings.id", ondelete="CASCADE"))
    code_id: Mapped[str] = mapped_column(String(200))
    onset_frame: Mapped[int] = mapped_column(Integer)
    onset_ms: Mapped[float] = mapped_column(Float)
    offset_frame: Mapped[int | None] = mapped_column(Integer, nullable=True)
    offset_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    modifiers_json: Mapped[str] = mapped_column(Text, default="{}")
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    __table_args__ = (Index("ix_events_coding_onset", "coding_id", "onset_frame"),)


class RatingRow(Base):
    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coding_id: Mapped[int] = mapped_column(ForeignKey("codings.id", ondelete="CASCADE"), index=True)
    scale_id: Mapped[str] = mapped_column(String(200))
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), nullable=True
    )
    value: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


# One rating per coding x scale x segment (schema 0003). A NULL segment (a rating of the
# whole session) counts as segment 0 -- segment ids start at 1 -- because a plain unique
# constraint lets NULLs repeat on both SQLite and PostgreSQL.
RATINGS_UNIQUE_INDEX = Index(
    "uq_ratings_coding_scale_segment",
    RatingRow.coding_id,
    RatingRow.scale_id,
    func.coalesce(RatingRow.segment_id, 0),
    unique=True,
)


class AuditRow(Base):
    """Append-only trail of edits: who changed which coding, when, and how."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    coder_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    coding_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(50))
    detail: Mapped[str] = mapped_column(Text, default="")


class ReliabilitySampleRow(Base):
    """A reproducible draw of sessions for double coding (schema 0002)."""

    __tablename__ = "reliability_samples"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"), index=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    share: Mapped[float] = mapped_column(Float)
    stratify_by: Mapped[str] = mapped_column(String(100), default="")
    session_ids_json: Mapped[str] = mapped_column(Text, default="[]")


class RegionRow(Base):
    """A named region of interest on one camera of a session (schema 0005)."""

    __tablename__ = "regions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    camera: Mapped[str] = mapped_column(String(100), default="")
    name: Mapped[str] = mapped_column(String(80))
    points_json: Mapped[str] = mapped_column(Text)
    __table_args__ = (
        UniqueConstraint("session_id", "camera", "name", name="uq_regions_session_camera_name"),
    )


class SignalResultRow(Base):
    """A computed signal of one video file, kept so it is computed once (schema 0005).

    Keyed by the video's fingerprint (not its path: a moved file keeps its signals), the
    kind of signal and a key naming the parameters and regions it was computed with.
    """

    __tablename__ = "signal_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    columns_json: Mapped[str] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed float32, row-major
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    __table_args__ = (
        UniqueConstraint("fingerprint", "kind", "key", name="uq_signal_results_fingerprint"),
    )


# -- study set-up (schema 0004): dyad study fields, blind codes ------------------------
class StudyFieldRow(Base):
    """A study field the PI defines for dyads (``arm`` always exists), in display order."""

    __tablename__ = "study_fields"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class DyadFieldValueRow(Base):
    """One dyad's value of one study field (e.g. arm = "treatment")."""

    __tablename__ = "dyad_field_values"
    dyad_id: Mapped[int] = mapped_column(
        ForeignKey("dyads.id", ondelete="CASCADE"), primary_key=True
    )
    field_id: Mapped[int] = mapped_column(
        ForeignKey("study_fields.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[str] = mapped_column(Text, default="")


class SessionBlindCodeRow(Base):
    """The random code a blinded coder sees instead of a session's dyad, visit and files."""

    __tablename__ = "session_blind_codes"
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(32), unique=True)
