"""The playback clock with a fake time source."""

from __future__ import annotations

import pytest

from interactioncoder.core.timebase import Timebase
from interactioncoder.media.clock import PlaybackClock


class FakeTime:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def test_playing_at_1x_follows_wall_time(fake: FakeTime) -> None:
    clock = PlaybackClock(Timebase.constant(30, 300), now=fake)
    assert clock.current_frame() == 0
    clock.play()
    fake.advance(1.0)
    assert clock.current_frame() == 30
    fake.advance(0.05)  # 1.05 s: frame 31 (31.5 frames in)
    assert clock.current_frame() == 31


def test_frames_are_dropped_not_delayed(fake: FakeTime) -> None:
    clock = PlaybackClock(Timebase.constant(30, 300), now=fake)
    clock.play()
    fake.advance(0.5)  # the viewer was busy for half a second
    assert clock.current_frame() == 15  # what is due now, not the next unseen frame


@pytest.mark.parametrize(("speed", "expected"), [(0.1, 3), (0.5, 15), (2.0, 60), (4.0, 120)])
def test_speeds(fake: FakeTime, speed: float, expected: int) -> None:
    clock = PlaybackClock(Timebase.constant(30, 300), now=fake)
    assert clock.set_speed(speed) == speed
    clock.play()
    fake.advance(1.0)
    assert clock.current_frame() == expected


def test_speed_is_clamped_and_change_keeps_position(fake: FakeTime) -> None:
    clock = PlaybackClock(Timebase.constant(30, 600), now=fake)
    assert clock.set_speed(10) == 4.0
    assert clock.set_speed(0.01) == 0.1
    clock.set_speed(1.0)
    clock.play()
    fake.advance(1.0)
    clock.set_speed(2.0)
    assert clock.current_frame() == 30
    fake.advance(1.0)
    assert clock.current_frame() == 90


def test_pause_lands_on_frame_start_and_stays(fake: FakeTime) -> None:
    tb = Timebase.constant(30, 300)
    clock = PlaybackClock(tb, now=fake)
    clock.play()
    fake.advance(1.01)
    clock.pause()
    assert not clock.playing
    assert clock.position_ms() == tb.frame_to_ms(30)
    fake.advance(5)
    assert clock.current_frame() == 30


def test_step_forward_and_back_pauses(fake: FakeTime) -> None:
    clock = PlaybackClock(Timebase.constant(30, 300), now=fake)
    clock.seek_frame(100)
    assert clock.step(1) == 101
    assert clock.step(-1) == 100
    assert clock.step(-10) == 90
    assert clock.step(-1000) == 0
    assert clock.step(5000) == 299
    clock.play()
    fake.advance(0.2)
    assert clock.step(1) == 7  # play at the end replays from the start
    clock.seek_frame(10)
    clock.play()
    fake.advance(1.0)
    assert clock.step(-1) == 39
    assert not clock.playing


def test_stops_at_the_end_and_replays_from_start(fake: FakeTime) -> None:
    clock = PlaybackClock(Timebase.constant(30, 60), now=fake)
    clock.play()
    fake.advance(10)
    assert clock.current_frame() == 59
    assert not clock.playing and clock.ended
    clock.play()
    assert clock.current_frame() == 0


def test_loop_range_wraps(fake: FakeTime) -> None:
    clock = PlaybackClock(Timebase.constant(30, 300), now=fake)
    clock.set_loop(30, 59)  # one second
    assert clock.current_frame() == 30  # moved into the loop
    clock.play()
    fake.advance(0.5)
    assert clock.current_frame() == 45
    fake.advance(0.6)  # 1.1 s after start: wrapped to 0.1 s into the loop
    assert clock.current_frame() == 33
    clock.set_loop(None)
    fake.advance(1.0)
    assert clock.current_frame() == 63


def test_vfr_timebase_is_followed_exactly(fake: FakeTime) -> None:
    # 10 frames at 30 fps, then 15 fps
    times = [i * 1000 / 30 for i in range(10)] + [1000 / 3 + i * 1000 / 15 for i in range(10)]
    tb = Timebase.from_times(times)
    clock = PlaybackClock(tb, now=fake)
    clock.play()
    fake.advance(0.5)  # 500 ms: frame 10 + (500-333.3)/66.7 = 12.5 -> 12
    assert clock.current_frame() == 12
    assert clock.seek_ms(340) == 10


def test_toggle(fake: FakeTime) -> None:
    clock = PlaybackClock(Timebase.constant(25, 100), now=fake)
    assert clock.toggle() is True
    assert clock.toggle() is False


def test_play_outside_the_loop_starts_at_the_loop(fake: FakeTime) -> None:
    clock = PlaybackClock(Timebase.constant(30, 300), now=fake)
    clock.set_loop(30, 59)
    clock.seek_frame(200)  # the user stepped elsewhere
    clock.play()
    assert clock.current_frame() == 30


def test_reverse_play_runs_backwards_and_stops_at_the_start(fake: FakeTime) -> None:
    clock = PlaybackClock(Timebase.constant(30, 300), now=fake)
    clock.seek_frame(90)
    clock.set_reverse(True)
    clock.set_speed(2.0)
    assert not clock.wants_proxy  # paused: the exact frame
    clock.play()
    assert clock.wants_proxy and clock.reverse
    fake.advance(0.5)  # 0.5 s at 2x backwards: 30 frames back
    assert clock.current_frame() == 60
    fake.advance(2.0)
    assert clock.current_frame() == 0
    assert not clock.playing and clock.ended
    clock.play()  # reverse again from the end
    assert clock.current_frame() == 299


def test_reverse_loop_wraps_to_its_end(fake: FakeTime) -> None:
    clock = PlaybackClock(Timebase.constant(30, 300), now=fake)
    clock.set_loop(30, 59)
    clock.seek_frame(35)
    clock.set_reverse(True)
    clock.play()
    fake.advance(10 / 30)  # ten frames back from 35: wraps to 55
    assert clock.current_frame() == 55
    clock.set_reverse(False)  # forwards again from here
    fake.advance(2 / 30)
    assert clock.current_frame() == 57


@pytest.mark.parametrize(("speed", "wants"), [(0.5, False), (1.0, False), (2.0, True), (4.0, True)])
def test_proxy_wanted_above_1x(fake: FakeTime, speed: float, wants: bool) -> None:
    clock = PlaybackClock(Timebase.constant(30, 300), now=fake)
    clock.set_speed(speed)
    clock.play()
    assert clock.wants_proxy is wants
