"""A few cases as a fresh ``python -m interactioncoder.cli`` process (no fork shortcut).

Same limit (``RLIMIT_AS`` 2 GiB in ``preexec_fn``) and the same assertions as the forked
cases; slow only because each process loads the program from scratch.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from .conftest import ADDRESS_SPACE, Case, Outcome, assert_refused, dump

pytestmark = pytest.mark.slow

SRC = Path(__file__).resolve().parents[2] / "src"


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _run(argv: list[object], folder: Path) -> Outcome:
    env = dict(os.environ, PYTHONPATH=f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "interactioncoder.cli", *map(str, argv)],
        capture_output=True, text=True, timeout=120, preexec_fn=_limit, env=env, cwd=folder,
        stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    return Outcome(done.returncode, done.stdout, done.stderr, time.monotonic() - start)


def test_gzip_bomb_in_a_real_process(case: Case) -> None:
    path = case.folder / "bomb.boris.gz"
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    with path.open("wb") as fh:
        for _ in range(300):
            fh.write(packer.compress(bytes(1024 * 1024)))
        fh.write(packer.flush())
    before = dump(case.project)
    outcome = _run(["import", case.project, path, "--from", "boris", "--coder", "B"], case.folder)
    assert_refused(outcome, [str(path), "decompresses to more than"])
    assert dump(case.project) == before


def test_fifo_codebook_in_a_real_process(case: Case) -> None:
    fifo = case.folder / "cb.yaml"
    os.mkfifo(fifo)
    outcome = _run(["session", "add", case.project, "--dyad", "D", "--name", "s", "--video",
                    "v.mp4", "--codebook", fifo], case.folder)  # fmt: skip
    assert_refused(outcome, [str(fifo), "FIFO"])


def test_timeseries_interval_in_a_real_process(case: Case) -> None:
    outcome = _run(["export", case.project, "--table", "timeseries", "--interval", "0.000001",
                    "--out", case.folder / "ts.csv"], case.folder)  # fmt: skip
    assert_refused(outcome, ["0.000001"], usage=True)
