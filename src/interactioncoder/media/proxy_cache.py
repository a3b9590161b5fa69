"""The proxy cache: one verified scrub proxy per video, size-bounded, least recently used
evicted first.

Proxies live in ``<user cache>/proxies`` (:func:`default_cache_dir`; tests point
``$INTERACTIONCODER_CACHE_DIR`` at a temporary folder), named after the original's
fingerprint, so a changed original (another fingerprint) never finds the old proxy and
gets a new one. Next to each proxy a small JSON file records how it was made, the
original it belongs to, its holes and the proxy file's own size and fingerprint: a proxy
whose record does not match (written by another version or with other settings,
truncated, overwritten, for another frame count) is deleted and rebuilt, never shown.
Using a proxy touches its record, which is what least-recently-used eviction sorts by.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from interactioncoder.media.errors import MediaError
from interactioncoder.media.fingerprint import fingerprint as file_fingerprint
from interactioncoder.media.frame_index import default_cache_dir
from interactioncoder.media.proxy import (
    Cancel,
    Progress,
    ProxyInfo,
    ProxyReader,
    ProxySpec,
    make_proxy,
    verify_proxy,
)
from interactioncoder.media.source import VideoSource

DEFAULT_PROXY_CACHE_BYTES = 8 * 1024**3


@dataclass(frozen=True)
class ProxySettings:
    """The user's choices: proxies on or off, and the cache's size bound."""

    enabled: bool = True
    max_bytes: int = DEFAULT_PROXY_CACHE_BYTES

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> ProxySettings:
        """From preferences: ``proxies/enabled`` (bool) and ``proxies/max_mb`` (number)."""
        enabled = values.get("proxies/enabled", True)
        if isinstance(enabled, str):
            enabled = enabled.strip().lower() not in ("0", "false", "no", "off")
        max_mb = values.get("proxies/max_mb")
        max_bytes = DEFAULT_PROXY_CACHE_BYTES
        if isinstance(max_mb, int | float | str):
            with contextlib.suppress(ValueError):
                max_bytes = max(int(float(max_mb) * 1024**2), 0)
        return cls(bool(enabled), max_bytes)


class ProxyCache:
    """Finds, makes, checks and evicts scrub proxies in one folder."""

    def __init__(
        self,
        folder: Path | None = None,
        settings: ProxySettings | None = None,
        spec: ProxySpec | None = None,
    ) -> None:
        self.folder = folder if folder is not None else default_cache_dir() / "proxies"
        self.settings = settings or ProxySettings()
        self.spec = spec or ProxySpec()

    # -- paths and records ------------------------------------------------------------

    def _stem(self, fingerprint: str) -> str:
        return fingerprint.replace(":", "_")

    def proxy_path(self, fingerprint: str) -> Path:
        return self.folder / f"{self._stem(fingerprint)}.mp4"

    def record_path(self, fingerprint: str) -> Path:
        return self.folder / f"{self._stem(fingerprint)}.json"

    def _read_record(self, fingerprint: str) -> dict[str, object] | None:
        try:
            data = json.loads(self.record_path(fingerprint).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _write_record(self, fingerprint: str, record: dict[str, object]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.folder, suffix=".json.tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle)
            Path(temp).replace(self.record_path(fingerprint))
        except BaseException:
            with contextlib.suppress(OSError):
                Path(temp).unlink()
            raise

    # -- public API -------------------------------------------------------------------

    def lookup(self, source: VideoSource) -> ProxyInfo | None:
        """The cached proxy of *source* if it is there and intact (a bad one is deleted)."""
        if not self.settings.enabled:
            return None
        record = self._read_record(source.fingerprint)
        path = self.proxy_path(source.fingerprint)
        if record is None:
            # No record: absent, or being verified right now (a proxy left without one
            # by a killed build is swept by :meth:`evict`).
            return None
        try:
            ok = (
                record.get("spec") == self.spec.key()
                and record.get("original") == source.fingerprint
                and record.get("frame_count") == source.frame_count
                and record.get("size") == path.stat().st_size
                and record.get("proxy") == file_fingerprint(path)
            )
        except OSError:
            ok = False
        if not ok:
            self.discard(source.fingerprint)
            return None
        self._touch(source.fingerprint)
        holes = record.get("holes", [])
        return ProxyInfo(
            path,
            source.frame_count,
            int(record.get("width", 0)),  # type: ignore[call-overload]
            int(record.get("height", 0)),  # type: ignore[call-overload]
            tuple(int(h) for h in holes) if isinstance(holes, list) else (),
        )

    def build(
        self,
        source: VideoSource,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ProxyInfo:
        """Makes, verifies and stores the proxy of *source*; evicts old ones to fit.

        Raises :class:`ProxyMismatchError` (nothing is kept) when the made proxy's frames are
        not the original's, :class:`~interactioncoder.media.proxy.ProxyCancelledError` when
        cancelled.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        self.discard(source.fingerprint)
        path = self.proxy_path(source.fingerprint)
        info = make_proxy(source, path, self.spec, progress, cancel)
        try:
            reader = ProxyReader(source, path, info.holes)
            try:
                verify_proxy(source, reader, info.samples)
            finally:
                reader.close()
        except MediaError:
            self.discard(source.fingerprint)
            raise
        record: dict[str, object] = {
            "spec": self.spec.key(),
            "original": source.fingerprint,
            "original_path": str(source.path),
            "frame_count": source.frame_count,
            "width": info.width,
            "height": info.height,
            "holes": list(info.holes),
            "size": path.stat().st_size,
            "proxy": file_fingerprint(path),
            "made": time.time(),
        }
        self._write_record(source.fingerprint, record)
        self.evict(keep=source.fingerprint)
        return info

    def ensure(
        self,
        source: VideoSource,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ProxyInfo | None:
        """The proxy of *source*, made now if missing (None when proxies are off)."""
        if not self.settings.enabled:
            return None
        found = self.lookup(source)
        return found if found is not None else self.build(source, progress, cancel)

    def open_reader(
        self, source: VideoSource, display_size: tuple[int, int] | None = None
    ) -> ProxyReader | None:
        """A reader of the cached proxy, or None (absent, off, or found damaged: deleted)."""
        info = self.lookup(source)
        if info is None:
            return None
        try:
            return ProxyReader(source, info.path, info.holes, display_size)
        except (MediaError, OSError):
            self.discard(source.fingerprint)
            return None

    def discard(self, fingerprint: str) -> None:
        """Deletes the proxy of the video with *fingerprint* and its record."""
        for path in (self.record_path(fingerprint), self.proxy_path(fingerprint)):
            with contextlib.suppress(OSError):
                path.unlink()

    def entries(self) -> list[tuple[float, int, str]]:
        """(last used, bytes, fingerprint stem) of every cached proxy, oldest first."""
        found = []
        if not self.folder.is_dir():
            return []
        for record in self.folder.glob("*.json"):
            proxy = record.with_suffix(".mp4")
            try:
                used = record.stat().st_mtime
                size = proxy.stat().st_size if proxy.exists() else 0
            except OSError:
                continue
            found.append((used, size + record.stat().st_size, record.stem))
        return sorted(found)

    def total_bytes(self) -> int:
        return sum(size for _, size, _ in self.entries())

    def evict(self, keep: str | None = None) -> None:
        """Deletes least recently used proxies until the cache fits its bound (the one
        being used, *keep*, last of all), and orphaned files left by killed builds."""
        self._sweep_orphans()
        entries = self.entries()
        total = sum(size for _, size, _ in entries)
        kept = self._stem(keep) if keep is not None else None
        order = [e for e in entries if e[2] != kept] + [e for e in entries if e[2] == kept]
        for _, size, stem in order:
            if total <= self.settings.max_bytes:
                break
            for suffix in (".json", ".mp4"):
                with contextlib.suppress(OSError):
                    (self.folder / f"{stem}{suffix}").unlink()
            total -= size

    def _sweep_orphans(self, older_than_s: float = 24 * 3600) -> None:
        now = time.time()
        for path in self.folder.glob(".*.tmp*"):
            with contextlib.suppress(OSError):
                if now - path.stat().st_mtime > older_than_s:
                    path.unlink()
        for proxy in self.folder.glob("*.mp4"):
            if not proxy.with_suffix(".json").exists():
                with contextlib.suppress(OSError):
                    if now - proxy.stat().st_mtime > 60:
                        proxy.unlink()

    def _touch(self, fingerprint: str) -> None:
        with contextlib.suppress(OSError):
            os.utime(self.record_path(fingerprint))
