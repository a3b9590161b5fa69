"""Motion energy on synthetic ground truth: energy rises exactly on the frames that move."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interactioncoder.core.regions import Region, RegionError
from interactioncoder.media.gray_frames import iter_grey_frames
from interactioncoder.media.source import VideoSource
from interactioncoder.signals.masks import region_mask
from interactioncoder.signals.motion import MotionParams, motion_energy, toward_component

from .scenes import REGION_A, REGION_B, two_person_scene, write_scene_video

BOUTS = [(20, 34), (60, 71), (100, 118)]


def _moving_frames(energy: np.ndarray) -> np.ndarray:
    return np.flatnonzero(energy > 0)


def test_energy_rises_on_exactly_the_moving_frames() -> None:
    scene = two_person_scene(150, BOUTS, follow=15)
    result = motion_energy(scene.frames, [REGION_A, REGION_B], MotionParams(), frame_count=150)
    assert result.energy.shape == (150, 2)
    for column, truth in ((0, scene.moving_a), (1, scene.moving_b)):
        found = _moving_frames(result.energy[:, column])
        expected = np.flatnonzero(truth)
        # each moving frame is found, and nothing farther than one frame from one
        assert set(expected) <= set(found)
        assert all(np.min(np.abs(expected - f)) <= 1 for f in found)


def test_camera_noise_below_the_threshold_gives_zero_energy() -> None:
    scene = two_person_scene(60, [], follow=15, noise_sd=3.0)
    result = motion_energy(scene.frames, [REGION_A, REGION_B], MotionParams(threshold=12))
    assert not result.energy.any()


def test_noise_above_the_threshold_is_movement() -> None:
    """The threshold is what stands between noise and movement (a control for the test above)."""
    scene = two_person_scene(20, [], follow=15, noise_sd=3.0)
    result = motion_energy(scene.frames, [REGION_A], MotionParams(threshold=1, blur=1))
    assert result.energy[1:].min() > 0.3


def test_energy_is_the_share_of_region_pixels() -> None:
    frames = [np.zeros((40, 80), np.uint8), np.zeros((40, 80), np.uint8)]
    frames[1][:, :20] = 200  # a quarter of the picture changes: half of the left half
    result = motion_energy(frames, [REGION_A, REGION_B], MotionParams(width=80, blur=1))
    assert result.energy[0].tolist() == [0.0, 0.0]
    assert result.energy[1, 0] == pytest.approx(0.5)
    assert result.energy[1, 1] == 0.0


def test_flow_points_toward_the_partner() -> None:
    frames = []
    for n in range(12):
        img = np.full((96, 160), 90, np.uint8)
        x = 20 + 2 * n  # the left patch moves right, toward the right region
        img[30:60, x : x + 30] = 220
        frames.append(img)
    result = motion_energy(frames, [REGION_A, REGION_B], MotionParams(flow=True, blur=1))
    assert result.flow_dx is not None and result.flow_dy is not None
    toward = toward_component(
        result.flow_dx[:, 0], result.flow_dy[:, 0], REGION_A.centre(), REGION_B.centre()
    )
    assert np.median(toward[1:]) > 0.1


@pytest.mark.parametrize(
    "points",
    [((0.1, 0.1), (0.1, 0.5)), ((0.1, 0.1), (1.5, 0.5)), ((float("nan"), 0.0), (1, 1))],
)
def test_bad_regions_are_refused(points: tuple[tuple[float, float], ...]) -> None:
    with pytest.raises(RegionError):
        Region("x", points)


def test_polygon_mask_matches_its_area() -> None:
    triangle = Region("t", ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0)))
    mask = region_mask(triangle, 200, 100)
    assert mask.mean() == pytest.approx(triangle.area(), abs=0.02)
    with pytest.raises(ValueError, match="different"):
        motion_energy([mask.astype(np.uint8)], [triangle, triangle], MotionParams())


def test_energy_from_an_h264_video_through_the_media_engine(tmp_path: Path) -> None:
    """Decoded, scaled and compared frame by frame: the same frames move as in the scene."""
    scene = two_person_scene(150, BOUTS, follow=15, noise_sd=1.0)
    path = write_scene_video(tmp_path / "scene.mp4", scene)
    source = VideoSource(path, cache_dir=tmp_path / "cache")
    frames = iter_grey_frames(source, width=160)
    result = motion_energy(frames, [REGION_A, REGION_B], MotionParams(), source.frame_count)
    for column, truth in ((0, scene.moving_a), (1, scene.moving_b)):
        found = _moving_frames(result.energy[:, column])
        expected = np.flatnonzero(truth)
        assert set(expected) <= set(found)
        assert all(np.min(np.abs(expected - f)) <= 1 for f in found)
