"""The bad-input suite's harness: one CLI run per case, in a child process, bounded.

Each case builds its bad file in ``tmp_path``, copies a small template project there,
and runs the CLI's ``main`` in a *forked* child (the interpreter and the program's modules
are already loaded, so a case costs milliseconds instead of a second of start-up) under
``RLIMIT_AS`` = 2 GiB and a timeout. A few cases in ``test_real_processes.py`` start a
fresh ``python -m interactioncoder.cli`` with the same limit (``preexec_fn``), to show the
fork shortcut changes nothing. Every case asserts: exit code 2, one error line naming the
file (and the place when the case gives one), no traceback, the project's rows unchanged.
"""

from __future__ import annotations

import importlib
import io
import os
import resource
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from interactioncoder.cli import build_parser, main
from interactioncoder.core.project import SessionVideo
from interactioncoder.storage import create_project
from tests.exchange._import_fixtures import codebook, sample_events, vfr_timebase

# Load every command and what it loads lazily once, here: forked children inherit them.
build_parser()
for _module in (
    "interactioncoder.exchange.exporters.eaf",
    "interactioncoder.exchange.exporters.run",
    "interactioncoder.exchange.importers.boris",
    "interactioncoder.exchange.importers.datavyu",
    "interactioncoder.exchange.importers.csv_events",
    "interactioncoder.exchange.importers.eaf",
    "interactioncoder.exchange.tables.timeseries",
    "interactioncoder.media.source",
    "interactioncoder.core.codebook.writer",
):
    importlib.import_module(_module)

ADDRESS_SPACE = 2 * 1024**3
TIMEOUT_S = 60.0
NOBODY = 65534


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float


def _child(argv: Sequence[str], out: Path, err: Path, as_nobody: bool) -> None:
    code = 1
    try:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
        fd_out = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        fd_err = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        os.dup2(fd_out, 1)
        os.dup2(fd_err, 2)
        if as_nobody and os.geteuid() == 0:  # root reads everything: drop to "nobody"
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8")
        sys.stdin = io.TextIOWrapper(io.BytesIO(b""))
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # what the interpreter would print: the suite looks for it
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def run_cli(argv: Sequence[str], folder: Path, *, as_nobody: bool = False) -> Outcome:
    """Run the CLI with *argv* in a forked child under the address-space limit."""
    out, err = folder / ".case.stdout", folder / ".case.stderr"
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        _child([str(a) for a in argv], out, err, as_nobody)
    status = 0
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - start > TIMEOUT_S:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail(f"{argv}: still running after {TIMEOUT_S:.0f} s (killed)")
        time.sleep(0.005)
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    stdout = out.read_text(encoding="utf-8", errors="replace")
    stderr = err.read_text(encoding="utf-8", errors="replace")
    out.unlink()
    err.unlink()
    return Outcome(code, stdout, stderr, seconds)


def dump(project: Path) -> list[str]:
    """Every row of the project (SQL text), to compare before and after a case."""
    if not project.is_file():
        return []
    con = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def assert_refused(
    outcome: Outcome, names: Sequence[str], place: str | None = None, *, usage: bool = False
) -> None:
    """Exit 2, no traceback, one error line naming every string of *names* and *place*."""
    text = outcome.stderr
    assert outcome.code == 2, f"exit {outcome.code}\nstdout: {outcome.stdout}\nstderr: {text}"
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.strip()]
    if usage:  # argparse: its usage lines, then one "error:" line
        errors = [line for line in lines if ": error: " in line]
        assert len(errors) == 1, text
        line = errors[0]
    else:
        # one line; a message that lists several items (every unknown value, every
        # overlap) continues with indented list lines
        warnings = [line for line in lines if line.startswith("interactioncoder: warning:")]
        rest = [line for line in lines if line not in warnings]
        assert rest and rest[0].startswith("interactioncoder: error: "), text
        assert all(line.startswith("  ") for line in rest[1:]), f"expected one line:\n{text}"
        line = rest[0]
    for name in names:
        assert str(name) in line, f"{name!r} not in {line!r}"
    if place is not None:
        assert place in text, f"place {place!r} not in {text!r}"
    assert outcome.seconds < 30, f"took {outcome.seconds:.1f} s"


_TEMPLATE: Path | None = None


def _template(root: Path) -> Path:
    path = root / "template.icproj"
    repo = create_project(path, name="study")
    try:
        version = repo.store_codebook(codebook())
        tb = vfr_timebase()
        video = repo.add_video(
            str(root / "d01.mp4"), 1, "fp", tb.duration_ms, tb.frame_count, 30.0, True,
            frame_times_ms=tb.frame_times_ms,
        )  # fmt: skip
        dyad = repo.add_dyad("D01")
        session = repo.add_session(dyad.id, "visit 1", [SessionVideo(video.id, 0.0, "", True)])
        coder = repo.add_coder("Ana")
        coding = repo.create_coding(session.id, coder.id, version.id)
        repo.add_events(coding.id, sample_events(tb))
    finally:
        repo.close()
    return path


@pytest.fixture(scope="session")
def template_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("badinput-template"))


@dataclass
class Case:
    """A case's folder and project; ``refused`` runs the CLI and checks everything."""

    folder: Path
    project: Path
    cleanup: list[Path]

    def public(self) -> None:
        """Move the case to a folder every user may enter (for cases run as "nobody")."""
        folder = Path(tempfile.mkdtemp(prefix="ic-badinput-"))
        folder.chmod(0o777)
        self.cleanup.append(folder)
        project = folder / self.project.name
        shutil.copyfile(self.project, project)
        project.chmod(0o666)
        self.folder, self.project = folder, project

    def refused(
        self,
        argv: Sequence[object],
        names: Sequence[object] = (),
        place: str | None = None,
        *,
        usage: bool = False,
        as_nobody: bool = False,
    ) -> Outcome:
        before = dump(self.project)
        outcome = run_cli([str(a) for a in argv], self.folder, as_nobody=as_nobody)
        assert_refused(outcome, [str(n) for n in names], place, usage=usage)
        assert dump(self.project) == before, "the project changed"
        return outcome


@pytest.fixture
def case(tmp_path: Path, template_project: Path) -> Iterator[Case]:
    project = tmp_path / "study.icproj"
    shutil.copyfile(template_project, project)
    made = Case(tmp_path, project, [])
    yield made
    for folder in made.cleanup:
        shutil.rmtree(folder, ignore_errors=True)
