"""Writing export files all-or-nothing, and defusing spreadsheet formulas.

An export must never leave half a file: a crash, a full disk or an exception in the
middle of writing leaves the previous file (if any) untouched. Everything is written to
a temporary file in the *same folder* (so the final rename stays on one file system),
flushed and fsync'ed, then moved into place with :func:`os.replace`, which is atomic on
POSIX and Windows. On failure the temporary file is removed.

Spreadsheet programs run a cell whose text starts with ``=``, ``+``, ``-``, ``@`` (and,
in some, a tab or carriage return) as a formula: a comment typed by a coder such as
``=HYPERLINK(...)`` would become live in Excel ("CSV injection"). :func:`neutralise_formula`
prefixes such text with an apostrophe, which Excel and LibreOffice show as plain text.
Writers call it on *string* cells only, so genuine negative numbers stay numbers.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

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


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str], mode: str = "w", **open_kwargs: Any
) -> Iterator[IO[Any]]:
    """Yield a file object; *path* gets its content only if the ``with`` block succeeds.

    ``mode`` is ``"w"`` (text; ``encoding`` defaults to UTF-8, ``newline`` may be given)
    or ``"wb"`` (bytes). The target folder must exist.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_output mode must be 'w' or 'wb', not {mode!r}")
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"{target}: folder {folder} does not exist")
    if target.is_dir():
        raise IsADirectoryError(f"{target}: is a folder, not a file")
    if mode == "w":
        open_kwargs.setdefault("encoding", "utf-8")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _keep_permissions(target, temp)
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
