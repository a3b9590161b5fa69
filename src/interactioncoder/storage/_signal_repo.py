"""Regions of interest and computed signals (motion energy, ...) of a project."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session as OrmSession

from interactioncoder.core.regions import Region, RegionError
from interactioncoder.storage._base import RepositoryBase
from interactioncoder.storage.errors import ConstraintError, NotFoundError
from interactioncoder.storage.schema import (
    RegionRow,
    SessionRow,
    SessionVideoRow,
    SignalResultRow,
    utc_now,
)

#: a stored signal is at most this large uncompressed (a 24 h video at 60 fps, 8 columns)
MAX_SIGNAL_BYTES = 24 * 3600 * 60 * 8 * 4


def _region(row: RegionRow) -> Region:
    points = tuple((float(x), float(y)) for x, y in json.loads(row.points_json))
    return Region(row.name, points)


class SignalRepositoryMixin(RepositoryBase):
    def list_regions(self, session_id: int) -> dict[str, tuple[Region, ...]]:
        """The session's regions by camera name, each camera's in name order."""
        with self._read() as s:
            rows = s.scalars(
                select(RegionRow)
                .where(RegionRow.session_id == session_id)
                .order_by(RegionRow.camera, RegionRow.name)
            ).all()
            out: dict[str, list[Region]] = {}
            for row in rows:
                out.setdefault(row.camera, []).append(_region(row))
            return {camera: tuple(regions) for camera, regions in out.items()}

    def set_regions(self, session_id: int, camera: str, regions: Sequence[Region]) -> None:
        """Replace the regions of one camera of the session (one transaction)."""
        names = [r.name for r in regions]
        if len(set(names)) != len(names):
            raise ConstraintError(f"{self.location}: region names must differ on a camera")
        with self._write() as s:
            self._check_camera(s, session_id, camera)
            s.execute(
                delete(RegionRow).where(
                    RegionRow.session_id == session_id, RegionRow.camera == camera
                )
            )
            for region in regions:
                s.add(
                    RegionRow(
                        session_id=session_id,
                        camera=camera,
                        name=region.name,
                        points_json=json.dumps([list(p) for p in region.points]),
                    )
                )

    def copy_regions(self, from_session: int, to_session: int) -> int:
        """Copy regions to a session of the same setup (cameras matched by name); the
        regions the target already has on those cameras are replaced. Returns how many."""
        source = self.list_regions(from_session)
        with self.atomic():
            for camera, regions in source.items():
                self.set_regions(to_session, camera, regions)
        return sum(len(r) for r in source.values())

    @staticmethod
    def _check_camera(s: OrmSession, session_id: int, camera: str) -> None:
        if s.get(SessionRow, session_id) is None:
            raise NotFoundError(f"session {session_id} does not exist")
        cameras = s.scalars(
            select(SessionVideoRow.camera).where(SessionVideoRow.session_id == session_id)
        ).all()
        if camera not in cameras:
            known = ", ".join(repr(c) for c in cameras) or "none"
            raise RegionError(f"session {session_id} has no camera {camera!r} (cameras: {known})")

    def store_signal(
        self, fingerprint: str, kind: str, key: str, columns: Sequence[str], values: np.ndarray
    ) -> None:
        """Keep a computed signal (rows x columns, float32); replaces one with the same key."""
        array = np.ascontiguousarray(values, dtype="<f4")
        if array.ndim != 2 or array.shape[1] != len(columns):
            raise ValueError("a signal is a rows x columns array with one name per column")
        if array.nbytes > MAX_SIGNAL_BYTES:
            raise ValueError("the signal is larger than a project keeps")
        data = zlib.compress(array.tobytes(), 6)
        with self._write() as s:
            s.execute(
                delete(SignalResultRow).where(
                    SignalResultRow.fingerprint == fingerprint,
                    SignalResultRow.kind == kind,
                    SignalResultRow.key == key,
                )
            )
            s.add(
                SignalResultRow(
                    fingerprint=fingerprint,
                    kind=kind,
                    key=key,
                    columns_json=json.dumps(list(columns)),
                    rows=int(array.shape[0]),
                    data=data,
                    created_at=utc_now(),
                )
            )

    def load_signal(
        self, fingerprint: str, kind: str, key: str
    ) -> tuple[tuple[str, ...], np.ndarray] | None:
        """(column names, rows x columns float32) of a stored signal, or None."""
        with self._read() as s:
            row = s.scalar(
                select(SignalResultRow).where(
                    SignalResultRow.fingerprint == fingerprint,
                    SignalResultRow.kind == kind,
                    SignalResultRow.key == key,
                )
            )
            if row is None:
                return None
            columns = tuple(json.loads(row.columns_json))
            raw = zlib.decompressobj().decompress(row.data, MAX_SIGNAL_BYTES + 1)
            expected = row.rows * len(columns) * 4
            if len(raw) != expected:
                raise ValueError(f"stored signal {kind}/{key} is damaged; compute it again")
            values = np.frombuffer(raw, "<f4").reshape(row.rows, len(columns)).astype(np.float32)
            return columns, values
