"""core/limits and the lazy constant-rate timebase."""

from __future__ import annotations

import gzip
import os
import resource
from pathlib import Path

import pytest
import yaml

from interactioncoder.core.limits import (
    MAX_FRAMES,
    InputLimitError,
    LimitedSafeLoader,
    gunzip_limited,
    read_regular_file,
    yaml_load_limited,
)
from interactioncoder.core.timebase import ConstantTimes, Timebase


def test_regular_files_only_and_size_cap(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_bytes(b"hello")
    assert read_regular_file(good, 5) == b"hello"
    with pytest.raises(InputLimitError, match="limit is 4 bytes"):
        read_regular_file(good, 4)
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    with pytest.raises(InputLimitError, match="FIFO"):
        read_regular_file(fifo, 100)
    with pytest.raises(InputLimitError, match="folder"):
        read_regular_file(tmp_path, 100)
    with pytest.raises(InputLimitError, match="device"):
        read_regular_file("/dev/zero", 100)


def test_gunzip_counts_what_comes_out() -> None:
    data = gzip.compress(b"a" * 10_000) + gzip.compress(b"b" * 10)  # two members
    assert gunzip_limited(data, 10_010, "x.gz") == b"a" * 10_000 + b"b" * 10
    with pytest.raises(InputLimitError, match="more than 10,009 bytes"):
        gunzip_limited(data, 10_009, "x.gz")
    with pytest.raises(InputLimitError, match="cut short"):
        gunzip_limited(data[:20], 100_000, "x.gz")


def test_yaml_limits() -> None:
    assert yaml_load_limited("a: [1, 2, {b: c}]") == {"a": [1, 2, {"b": "c"}]}
    with pytest.raises(yaml.MarkedYAMLError, match="nested more than"):
        yaml_load_limited("x: " + "[" * 100 + "]" * 100)
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 8)
    )
    with pytest.raises(yaml.MarkedYAMLError, match="through aliases"):
        yaml_load_limited(bomb)
    many = "a: &a x\nb: [" + ", ".join(["*a"] * 1001) + "]\n"
    with pytest.raises(yaml.MarkedYAMLError, match="more than 1000 YAML aliases"):
        yaml.compose(many, Loader=LimitedSafeLoader)


def test_constant_timebase_is_lazy_and_exact() -> None:
    tb = Timebase.constant(25.0, 1_000_000)
    assert isinstance(tb.frame_times_ms, ConstantTimes)
    assert tb.frame_to_ms(999_999) == pytest.approx(999_999 * 40.0)
    assert tb.ms_to_frame(80.0) == 2 and tb.ms_to_frame(79.9) == 1
    assert tb.ms_to_frame(-5) == 0 and tb.ms_to_frame(1e12) == 999_999
    assert tb.max_step_ms() == 40.0 and not tb.is_variable() and tb.nominal_fps() == 25.0
    eager = Timebase.from_times([i * 40.0 for i in range(10)], 400.0)
    small = Timebase.constant(25.0, 10)
    assert list(small.frame_times_ms) == list(eager.frame_times_ms)
    assert small.frame_times_ms == eager.frame_times_ms
    for ms in (0.0, 39.9999995, 40.0, 123.4, 399.0):
        assert small.ms_to_frame(ms) == eager.ms_to_frame(ms)
    assert list(small.frame_times_ms[2:5]) == [80.0, 120.0, 160.0]


def test_huge_timebases_are_refused_without_memory() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(ValueError, match="limit"):
        Timebase.constant(25.0, MAX_FRAMES + 1)
    with pytest.raises(ValueError):
        Timebase.constant(float("nan"), 10)
    tb = Timebase.constant(240.0, MAX_FRAMES)  # 24 h at 240 fps: no list is made
    assert tb.frame_count == MAX_FRAMES
    assert resource.getrlimit(resource.RLIMIT_AS) == (soft, hard)


def test_constant_times_as_a_numpy_array_match_exactly() -> None:
    import numpy as np

    times = ConstantTimes(12.5, 1000 / 30, 10_000)
    array = np.asarray(times, dtype=float)
    assert array.shape == (10_000,)
    assert all(array[i] == times[i] for i in range(0, 10_000, 37))
