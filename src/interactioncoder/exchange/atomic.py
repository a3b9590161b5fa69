"""Writing export files all-or-nothing, and defusing spreadsheet formulas.

An export must never leave half a file: a crash, a full disk or an exception in the
middle of writing leaves the previous file (if any) untouched. Everything is written to
a temporary file in the *same folder* (so the final rename stays on one file system),
flushed and fsync'ed, then moved into place with :func:`os.replace`, which is atomic on
POSIX and Windows. On failure the temporary file is removed.

Only regular files are written: a target that is a folder, FIFO, device or socket is
refused before anything is written (``--out /dev/null`` must not replace the device).
A symbolic link is written *through*: its target file is replaced atomically and the
link stays. Temporary names carry the writer's process id, so the temporary files of a
killed run (whose process no longer exists) are removed by the next export into that
folder; :func:`scratch_dir` gives writers that need a work folder (XLSX) the same care.

Spreadsheet programs run a cell whose text starts with ``=``, ``+``, ``-``, ``@`` (and,
in some, a tab or carriage return) as a formula: a comment typed by a coder such as
``=HYPERLINK(...)`` would become live in Excel ("CSV injection"). :func:`neutralise_formula`
prefixes such text with an apostrophe, which Excel and LibreOffice show as plain text.
Writers call it on *string* cells only, so genuine negative numbers stay numbers.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from interactioncoder.core.limits import file_kind

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """*value* with an apostrophe in front when a spreadsheet would run it as a formula."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; folders cannot be opened on Windows.
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class ExportTargetError(OSError):
    """The export target is not (and cannot become) a regular file."""


_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.(tmp|d)$")


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The regular file an export to *path* replaces (a symlink's target), checked.

    Raises :class:`ExportTargetError` for a folder, FIFO, device or socket (also behind
    a symlink) and :class:`FileNotFoundError` when the folder does not exist.
    """
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ExportTargetError(exc.errno, f"{given}: cannot be written ({exc.strerror})") from None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(f"{given}: is a folder, not a file")
        raise ExportTargetError(
            f"{given}: is {file_kind(mode)}, not a regular file; exports write regular files only"
        )
    if not target.parent.is_dir():
        raise FileNotFoundError(f"{given}: folder {target.parent} does not exist")
    return target


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files/folders left in *folder* by killed exports; returns them."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m is None or _alive(int(m["pid"])):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
    return removed


@contextlib.contextmanager
def scratch_dir(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A private work folder next to the export *path*, removed on every exit path."""
    target = resolve_target(path)
    remove_stale_temporaries(target.parent)
    folder = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".d", dir=target.parent)
    )
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str], mode: str = "w", **open_kwargs: Any
) -> Iterator[IO[Any]]:
    """Yield a file object; *path* gets its content only if the ``with`` block succeeds.

    ``mode`` is ``"w"`` (text; ``encoding`` defaults to UTF-8, ``newline`` may be given)
    or ``"wb"`` (bytes). The target folder must exist; the target must be a regular file
    or not exist yet (a symlink is written through to its target).
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_output mode must be 'w' or 'wb', not {mode!r}")
    target = resolve_target(path)
    folder = target.parent
    remove_stale_temporaries(folder)
    if mode == "w":
        open_kwargs.setdefault("encoding", "utf-8")
    fd, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=folder
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _keep_permissions(target, temp)
        resolve_target(target)  # still a regular file (or absent) at the moment of the swap
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(folder)


def _keep_permissions(target: Path, temp: Path) -> None:
    # mkstemp makes files readable by the owner only; an export is an ordinary file.
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        temp.chmod(mode)
    except OSError:
        pass


def _umask() -> int:
    # os.umask can only be read by setting it, which races with other threads; Linux
    # reports it in /proc, elsewhere assume the common 022.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write *text* to *path* all-or-nothing (newlines written as given)."""
    with atomic_output(path, "w", encoding=encoding, newline="") as handle:
        handle.write(text)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write *data* to *path* all-or-nothing."""
    with atomic_output(path, "wb") as handle:
        handle.write(data)
