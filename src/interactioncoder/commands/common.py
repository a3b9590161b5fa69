"""What every sub-command shares: the user-error type and small argument helpers."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Protocol


class UserError(Exception):
    """A mistake the user can fix (bad path, bad option, refused file).

    The CLI prints the message to stderr and exits with code 2, without a traceback.
    """


class SubParsers(Protocol):
    def add_parser(self, name: str, **kwargs: object) -> argparse.ArgumentParser: ...


def existing_file(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{path}: no such file")
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{path}: is a folder, not a file")
    return path


def proportion(what: str) -> Callable[[str], float]:
    """An argparse type for a proportion in (0, 1]; *what* names it in the message."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a proportion") from None
        if not 0 < value <= 1:
            raise argparse.ArgumentTypeError(f"the {what} must be in (0, 1], not {text}")
        return value

    return parse
