"""Small builders for reliability tests: a codebook, events, sessions (from the shared
factories)."""

from __future__ import annotations

from interactioncoder.core.codebook import Code, Codebook, CodeKind
from tests.factories import FPS, ev, group, running, scale, timebase
from tests.factories import codebook as make_codebook
from tests.factories import point as make_point
from tests.factories import state as make_state

__all__ = ["FPS", "code", "codebook", "ev", "running", "timebase"]


def code(cid: str, kind: CodeKind = CodeKind.STATE) -> Code:
    make = make_state if kind is CodeKind.STATE else make_point
    return make(cid, name=cid.title(), color="#336699")


def codebook() -> Codebook:
    return make_codebook(
        group("gaze", code("mother"), code("away"), subject="infant", exclusive=True,
              name="Infant gaze"),
        group("touch", code("stroke"), code("poke"), code("smile", CodeKind.POINT),
              name="Maternal touch"),
        scales=[
            scale("sens", 1, 9, name="Sensitivity"),
            scale("withdrawal", 0, 4, subject="infant", name="Withdrawal"),
        ],
    )  # fmt: skip
