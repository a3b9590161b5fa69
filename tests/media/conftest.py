"""Media test set-up: a private cache folder and small generated videos (shared per run)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from interactioncoder.media.synthetic import WrittenVideo, write_test_video


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setenv("INTERACTIONCODER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield


VFR_SCHEDULE = [1 / 30] * 30 + [1 / 15] * 20 + [1 / 24] * 10 + [1 / 30] * 12


@pytest.fixture(scope="session")
def video_factory(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., WrittenVideo]:
    """Writes a test video once per distinct set of arguments."""
    folder = tmp_path_factory.mktemp("videos")
    made: dict[str, WrittenVideo] = {}

    def make(name: str, frame_count: int = 60, **kwargs: object) -> WrittenVideo:
        if name not in made:
            made[name] = write_test_video(folder / name, frame_count, **kwargs)  # type: ignore[arg-type]
        return made[name]

    return make


# name -> (frame count, writer arguments): the kinds of video the engine must get exactly right
VIDEO_KINDS: dict[str, tuple[int, dict[str, object]]] = {
    "cfr.mp4": (60, {}),
    "vfr.mp4": (72, {"vfr_schedule": VFR_SCHEDULE}),
    "bframes.mp4": (60, {"bframes": 2, "gop": 24}),
    "longgop.mkv": (90, {"gop": 90}),
    "opengop.mp4": (90, {"gop": 20, "bframes": 3, "open_gop": True}),
    "rotated90.mp4": (30, {"rotation": 90}),
    "rotated270.mov": (20, {"rotation": 270}),
    "mjpeg.avi": (30, {"codec": "mjpeg"}),
    "mpeg4.mp4": (40, {"codec": "mpeg4", "bframes": 2}),
    "hevc.mp4": (30, {"codec": "libx265", "bframes": 2}),
}


@pytest.fixture(params=sorted(VIDEO_KINDS))
def any_video(
    request: pytest.FixtureRequest, video_factory: Callable[..., WrittenVideo]
) -> WrittenVideo:
    count, kwargs = VIDEO_KINDS[request.param]
    return video_factory(request.param, count, **kwargs)


@pytest.fixture
def copy_of(tmp_path: Path) -> Callable[[Path], Path]:
    def copy(path: Path) -> Path:
        target = tmp_path / path.name
        target.write_bytes(path.read_bytes())
        return target

    return copy
