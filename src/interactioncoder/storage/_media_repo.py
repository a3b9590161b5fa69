"""Videos, dyads, sessions and segments."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from interactioncoder.core.project import Dyad, Segment, Session, SessionVideo, Video
from interactioncoder.core.timebase import Timebase
from interactioncoder.storage import _convert as convert
from interactioncoder.storage._base import RepositoryBase
from interactioncoder.storage.errors import ConstraintError, NotFoundError
from interactioncoder.storage.schema import (
    DyadRow,
    SegmentRow,
    SessionRow,
    SessionVideoRow,
    VideoRow,
)


class MediaRepositoryMixin(RepositoryBase):
    # -- videos ---------------------------------------------------------------------
    def add_video(
        self,
        path: str,
        size_bytes: int,
        fingerprint: str,
        duration_ms: float,
        frame_count: int,
        nominal_fps: float,
        is_vfr: bool,
        width: int = 0,
        height: int = 0,
        has_audio: bool = False,
        frame_times_ms: Sequence[float] | None = None,
    ) -> Video:
        if frame_times_ms is not None and len(frame_times_ms) != frame_count:
            raise ValueError(
                f"{path}: {len(frame_times_ms)} frame times given for {frame_count} frames"
            )
        with self._write() as s:
            row = VideoRow(
                path=str(path),
                size_bytes=size_bytes,
                fingerprint=fingerprint,
                duration_ms=duration_ms,
                frame_count=frame_count,
                nominal_fps=nominal_fps,
                is_vfr=is_vfr,
                width=width,
                height=height,
                has_audio=has_audio,
                frame_times=(
                    convert.pack_frame_times(frame_times_ms) if frame_times_ms is not None else None
                ),
            )
            s.add(row)
            s.flush()
            self._audit(s, "add_video", None, {"video_id": row.id, "path": str(path)})
            return convert.video(row)

    def get_video(self, video_id: int) -> Video:
        with self._read() as s:
            return convert.video(self._video_row(s, video_id))

    def list_videos(self) -> list[Video]:
        with self._read() as s:
            return [convert.video(r) for r in s.scalars(select(VideoRow).order_by(VideoRow.id))]

    def video_timebase(self, video_id: int) -> Timebase | None:
        with self._read() as s:
            row = self._video_row(s, video_id)
            if row.frame_times is None:
                if row.frame_count > 0 and row.nominal_fps > 0 and not row.is_vfr:
                    return Timebase.constant(row.nominal_fps, row.frame_count)
                return None
            times = convert.unpack_frame_times(row.frame_times)
            return Timebase.from_times(times, max(row.duration_ms, times[-1]))

    def relink_video(
        self, video_id: int, new_path: str, size_bytes: int, fingerprint: str
    ) -> Video:
        """Point a video record at a moved file (the caller compares fingerprints)."""
        with self._write() as s:
            row = self._video_row(s, video_id)
            old = row.path
            row.path = str(new_path)
            row.size_bytes = size_bytes
            row.fingerprint = fingerprint
            self._audit(
                s, "relink_video", None, {"video_id": video_id, "from": old, "to": new_path}
            )
            return convert.video(row)

    @staticmethod
    def _video_row(s: OrmSession, video_id: int) -> VideoRow:
        row = s.get(VideoRow, video_id)
        if row is None:
            raise NotFoundError(f"no video with id {video_id}")
        return row

    # -- dyads ----------------------------------------------------------------------
    def add_dyad(self, label: str, notes: str = "") -> Dyad:
        label = label.strip()
        if not label:
            raise ValueError("a dyad needs a label")
        with self._write() as s:
            if s.scalar(select(DyadRow.id).where(DyadRow.label == label)) is not None:
                raise ConstraintError(f"a dyad labelled {label!r} already exists")
            row = DyadRow(label=label, notes=notes)
            s.add(row)
            s.flush()
            return convert.dyad(row)

    def get_dyad(self, dyad_id: int) -> Dyad:
        with self._read() as s:
            row = s.get(DyadRow, dyad_id)
            if row is None:
                raise NotFoundError(f"no dyad with id {dyad_id}")
            return convert.dyad(row)

    def find_dyad(self, label: str) -> Dyad | None:
        with self._read() as s:
            row = s.scalars(select(DyadRow).where(DyadRow.label == label)).first()
            return convert.dyad(row) if row is not None else None

    def list_dyads(self) -> list[Dyad]:
        with self._read() as s:
            return [convert.dyad(r) for r in s.scalars(select(DyadRow).order_by(DyadRow.label))]

    # -- sessions -------------------------------------------------------------------
    def add_session(
        self,
        dyad_id: int,
        name: str,
        videos: Sequence[SessionVideo] = (),
        visit: str = "",
        infant_age_days: int | None = None,
        notes: str = "",
    ) -> Session:
        name = name.strip()
        if not name:
            raise ValueError("a session needs a name")
        masters = [v for v in videos if v.is_master]
        if len(masters) > 1:
            raise ValueError("a session has one master video")
        with self._write() as s:
            if s.get(DyadRow, dyad_id) is None:
                raise NotFoundError(f"no dyad with id {dyad_id}")
            clash = select(SessionRow.id).where(
                SessionRow.dyad_id == dyad_id, SessionRow.name == name
            )
            if s.scalar(clash) is not None:
                raise ConstraintError(f"the dyad already has a session named {name!r}")
            row = SessionRow(
                dyad_id=dyad_id,
                name=name,
                visit=visit,
                infant_age_days=infant_age_days,
                notes=notes,
            )
            s.add(row)
            s.flush()
            links = []
            for position, v in enumerate(videos):
                self._video_row(s, v.video_id)
                link = SessionVideoRow(
                    session_id=row.id,
                    video_id=v.video_id,
                    position=position,
                    camera=v.camera,
                    offset_ms=v.offset_ms,
                    # Without an explicit master, the first video leads.
                    is_master=v.is_master or (not masters and position == 0),
                )
                s.add(link)
                links.append(link)
            s.flush()
            return convert.session(row, links)

    def get_session(self, session_id: int) -> Session:
        with self._read() as s:
            row = s.get(SessionRow, session_id)
            if row is None:
                raise NotFoundError(f"no session with id {session_id}")
            links = s.scalars(select(SessionVideoRow).where(SessionVideoRow.session_id == row.id))
            return convert.session(row, list(links))

    def list_sessions(self, dyad_id: int | None = None) -> list[Session]:
        with self._read() as s:
            query = select(SessionRow).order_by(SessionRow.dyad_id, SessionRow.name)
            if dyad_id is not None:
                query = query.where(SessionRow.dyad_id == dyad_id)
            rows = list(s.scalars(query))
            links: dict[int, list[SessionVideoRow]] = {r.id: [] for r in rows}
            for link in s.scalars(select(SessionVideoRow)):
                if link.session_id in links:
                    links[link.session_id].append(link)
            return [convert.session(r, links[r.id]) for r in rows]

    def set_video_offset(self, session_id: int, video_id: int, offset_ms: float) -> float:
        with self._write() as s:
            link = s.get(SessionVideoRow, (session_id, video_id))
            if link is None:
                raise NotFoundError(f"video {video_id} is not part of session {session_id}")
            previous = link.offset_ms
            link.offset_ms = float(offset_ms)
            self._audit(
                s,
                "set_video_offset",
                None,
                {"session_id": session_id, "video_id": video_id, "from": previous, "to": offset_ms},
            )
            return previous

    def session_timebase(self, session_id: int) -> Timebase | None:
        master = self.get_session(session_id).master
        return None if master is None else self.video_timebase(master.video_id)

    # -- segments -------------------------------------------------------------------
    def add_segment(
        self,
        session_id: int,
        name: str,
        onset_frame: int,
        onset_ms: float,
        offset_frame: int,
        offset_ms: float,
    ) -> Segment:
        if offset_frame < onset_frame:
            raise ValueError(f"segment {name!r} ends before it starts")
        with self._write() as s:
            if s.get(SessionRow, session_id) is None:
                raise NotFoundError(f"no session with id {session_id}")
            row = SegmentRow(
                session_id=session_id,
                name=name,
                onset_frame=onset_frame,
                onset_ms=onset_ms,
                offset_frame=offset_frame,
                offset_ms=offset_ms,
            )
            s.add(row)
            s.flush()
            self._audit(s, "add_segment", None, {"segment_id": row.id, "name": name})
            return convert.segment(row)

    def update_segment(self, segment: Segment) -> Segment:
        """Store new bounds/name; returns the segment as it was (for undo)."""
        with self._write() as s:
            row = s.get(SegmentRow, segment.id)
            if row is None:
                raise NotFoundError(f"no segment with id {segment.id}")
            previous = convert.segment(row)
            row.name = segment.name
            row.onset_frame = segment.onset_frame
            row.onset_ms = segment.onset_ms
            row.offset_frame = segment.offset_frame
            row.offset_ms = segment.offset_ms
            self._audit(s, "update_segment", None, {"segment_id": segment.id})
            return previous

    def delete_segment(self, segment_id: int) -> Segment:
        with self._write() as s:
            row = s.get(SegmentRow, segment_id)
            if row is None:
                raise NotFoundError(f"no segment with id {segment_id}")
            previous = convert.segment(row)
            s.delete(row)
            self._audit(s, "delete_segment", None, {"segment_id": segment_id})
            return previous

    def restore_segment(self, segment: Segment) -> Segment:
        """Put a deleted segment back with its old id (undo of a delete)."""
        with self._write() as s:
            if s.get(SegmentRow, segment.id) is not None:
                raise ConstraintError(f"segment {segment.id} exists already")
            row = SegmentRow(
                id=segment.id,
                session_id=segment.session_id,
                name=segment.name,
                onset_frame=segment.onset_frame,
                onset_ms=segment.onset_ms,
                offset_frame=segment.offset_frame,
                offset_ms=segment.offset_ms,
            )
            s.add(row)
            self._audit(s, "restore_segment", None, {"segment_id": segment.id})
            return segment

    def list_segments(self, session_id: int) -> list[Segment]:
        with self._read() as s:
            query = (
                select(SegmentRow)
                .where(SegmentRow.session_id == session_id)
                .order_by(SegmentRow.onset_frame, SegmentRow.id)
            )
            return [convert.segment(r) for r in s.scalars(query)]
