"""Shared test set-up. GUI tests run offscreen: without a display Qt would abort."""

from __future__ import annotations

import os
import tempfile

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property and fuzz tests: `make test` (and CI) draws the same examples on every run and
# machine, so a red run is reproducible and a green one means the same everywhere;
# `make fuzz` (IC_HYPOTHESIS=explore) draws fresh ones, many more of them, to find new
# failures (each found one becomes a plain regression test). Run it before a release.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("IC_HYPOTHESIS", "repeatable"))
# Frame indexes of the tests' generated videos go to a throw-away folder, never to the
# user's cache (tests that check the cache itself point it elsewhere again).
os.environ.setdefault("INTERACTIONCODER_CACHE_DIR", tempfile.mkdtemp(prefix="ic-test-cache-"))


def pytest_addoption(parser: pytest.Parser) -> None:
    if os.environ.get("INTERACTIONCODER_NO_QT"):
        # The headless stage runs without pytest-qt (PySide6 is unimportable there); accept
        # its ini options so --strict-config still checks everything else.
        parser.addini("qt_api", "pytest-qt option, unused in the headless stage")
        parser.addini("qt_log_level_fail", "pytest-qt option, unused in the headless stage")
        parser.addini("qt_log_ignore", "pytest-qt option, unused", type="linelist")
