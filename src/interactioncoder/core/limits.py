"""Limits on every input: file kinds and sizes, decompressed sizes, YAML trees, durations.

Every file the program reads (codebooks, import files, mapping files) goes through
:func:`read_regular_file`: it must be a regular file (a FIFO, device or folder is refused
before it is opened, and the file is opened non-blocking so that a FIFO swapped in later
cannot block), and it must be at most a given size. Compressed data is decompressed as a
stream with a count (:func:`gunzip_limited`, :func:`read_stream_limited`): sizes written
in headers are never trusted. YAML is composed with :class:`LimitedSafeLoader`, which
caps the nesting depth, the number of aliases and the size of the tree the aliases
stand for. The numbers are listed in ``docs/limits.md``.
"""

from __future__ import annotations

import math
import os
import stat
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

MiB = 1024 * 1024

MAX_CODEBOOK_BYTES = 4 * MiB
MAX_IMPORT_BYTES = 256 * MiB
MAX_MAPPING_BYTES = 1 * MiB
MAX_DECOMPRESSED_BYTES = 256 * MiB
MAX_YAML_DEPTH = 64
MAX_YAML_ALIASES = 1_000
MAX_YAML_NODES = 500_000  # nodes of the tree with every alias expanded
MAX_FIELD_CHARS = 10_000  # one value in a mapping file
MAX_WHOLE_NUMBER = 2**53  # a number in a codebook (scale bounds, modifier ranges)

MAX_DURATION_S = 86_400.0  # a session, a video, an event time: at most 24 h
MAX_FPS = 1_000.0
MAX_FRAMES = int(MAX_DURATION_S * 240)  # 24 h at 240 fps
MAX_OFFSET_S = MAX_DURATION_S  # a camera's offset against the master clock
MIN_EXPORT_INTERVAL_S = 0.001
MAX_EXPORT_ROWS = 5_000_000

_CHUNK = 1 * MiB


class InputLimitError(ValueError):
    """An input breaks a limit or is not a regular file: names the file and the place."""

    def __init__(self, file: str | Path, place: str, message: str) -> None:
        self.file = str(file)
        self.place = place
        self.message = message
        where = f"{self.file}: {place}: " if place else f"{self.file}: "
        super().__init__(where + message)


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words (for one-line refusals)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular(path: str | Path, max_bytes: int) -> int:
    """The size of *path*, which must be a regular file of at most *max_bytes*."""
    try:
        st = Path(path).stat()
    except OSError as exc:
        raise InputLimitError(path, "", f"cannot read the file ({exc.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputLimitError(path, "", f"is {file_kind(st.st_mode)}, not a regular file")
    if st.st_size > max_bytes:
        raise InputLimitError(
            path, "", f"is {st.st_size:,} bytes; the limit is {max_bytes:,} bytes"
        )
    return st.st_size


def read_regular_file(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most *max_bytes* (never blocks on a FIFO)."""
    check_regular(path, max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputLimitError(path, "", f"cannot read the file ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between the check and the open
            raise InputLimitError(path, "", f"is {file_kind(st.st_mode)}, not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return read_stream_limited(stream, max_bytes, path, "")
    except OSError as exc:
        raise InputLimitError(path, "", f"cannot read the file ({exc.strerror})") from None
    finally:
        os.close(fd)


def read_stream_limited(stream: IO[bytes], max_bytes: int, path: str | Path, place: str) -> bytes:
    """Read a stream to its end, refusing it once it passes *max_bytes* (counted)."""
    parts: list[bytes] = []
    total = 0
    while chunk := stream.read(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise InputLimitError(path, place, f"holds more than {max_bytes:,} bytes")
        parts.append(chunk)
    return b"".join(parts)


def gunzip_limited(data: bytes, max_bytes: int, path: str | Path) -> bytes:
    """Decompress gzip *data* as a stream, refusing more than *max_bytes* of output."""
    out: list[bytes] = []
    total = 0
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(wbits=31)  # one gzip member
            pending = rest
            while pending and not inflater.eof:
                chunk = inflater.decompress(pending, _CHUNK)
                total += len(chunk)
                if total > max_bytes:
                    raise InputLimitError(
                        path, "", f"decompresses to more than {max_bytes:,} bytes"
                    )
                out.append(chunk)
                pending = inflater.unconsumed_tail
            if not inflater.eof:
                raise InputLimitError(path, "", "the compressed data is cut short")
            rest = inflater.unused_data
    except zlib.error as exc:
        raise InputLimitError(path, "", f"the compressed data is damaged ({exc})") from None
    return b"".join(out)


class LimitedSafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader with caps on depth, aliases and the alias-expanded size."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise _limit_error(event.start_mark, f"more than {MAX_YAML_ALIASES} YAML aliases")
            node: Node | None = super().compose_node(parent, index)
            return node
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _limit_error(event.start_mark, f"nested more than {MAX_YAML_DEPTH} levels deep")
        node = super().compose_node(parent, index)
        self._depth -= 1
        if node is not None:
            self._count(node)
        return node

    def _count(self, node: Node) -> None:
        size = 1
        if isinstance(node, SequenceNode):
            size += sum(self._sizes.get(id(child), 1) for child in node.value)
        elif isinstance(node, MappingNode):
            size += sum(
                self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value
            )
        if size > MAX_YAML_NODES:
            raise _limit_error(
                node.start_mark,
                f"the YAML stands for more than {MAX_YAML_NODES:,} items (through aliases)",
            )
        self._sizes[id(node)] = size


def _limit_error(mark: Any, message: str) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=message, problem_mark=mark)


def yaml_load_limited(text: str, loader: type[LimitedSafeLoader] = LimitedSafeLoader) -> Any:
    """``yaml.load`` with :class:`LimitedSafeLoader` (or a subclass)."""
    return yaml.load(text, Loader=loader)


def is_digits(text: str, max_digits: int | None = 18) -> bool:
    """Text of ASCII digits only, at most *max_digits* of them (None: any number of them):
    what ``int()`` and ``float()`` take as it is.

    Not ``str.isdigit()``, which passes '²' (``int()`` then refuses it); the default cap
    keeps ``int()`` far from its 4,300-digit limit and the number within 64 bits.
    """
    fits = max_digits is None or len(text) <= max_digits
    return fits and text.isascii() and text.isdecimal()


def finite_in_range(value: float, low: float, high: float) -> bool:
    return math.isfinite(value) and low <= value <= high


def check_duration_s(
    seconds: float, what: str, path: str | Path, place: str = "", low: float = 0.0
) -> float:
    """*seconds* if finite and within [low, 24 h], else a one-line refusal."""
    if not finite_in_range(seconds, low, MAX_DURATION_S):
        raise InputLimitError(
            path,
            place,
            f"{what} {seconds!r} s is not a time between {low:g} s and {MAX_DURATION_S:g} s (24 h)",
        )
    return seconds


def check_fps(fps: float, path: str | Path, place: str = "") -> float:
    if not (math.isfinite(fps) and 0 < fps <= MAX_FPS):
        raise InputLimitError(
            path, place, f"frame rate {fps!r} is not between 0 and {MAX_FPS:g} fps"
        )
    return fps


Checker = Callable[[float], float]
