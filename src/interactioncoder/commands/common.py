"""What every sub-command shares: the user-error type and small argument helpers."""

from __future__ import annotations

import argparse
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
