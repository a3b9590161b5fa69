"""Consensus coding: one event list from two coders' codings and a choice per disagreement.

The PI walks through every stretch where coder A and coder B differ and says which side is
right there: ``A``, ``B``, ``both`` or ``neither``. Where the coders agree nothing is asked.

Everything works frame by frame (frames of the session's master video), so a consensus is
exact whatever time unit the agreement statistics used. The variables are:

- the STATE codes of an exclusive group: one variable (none, or one of its codes per frame;
  a consensus can therefore never overlap inside an exclusive group);
- every other code (a state of a non-exclusive group, or any point code): present/absent
  per frame. Points are their own variables even in an exclusive group, because a point
  never conflicts with a state (the editing rules say the same).

:func:`consensus_items` lists the disagreements (maximal runs of frames with the same pair
of A/B values, with the kinds of :mod:`~interactioncoder.reliability.disagreements`), and
:func:`build_consensus` applies one choice per item. Decisions:

- where the coders agree, the consensus takes the code; an event's modifiers and comment
  come from the side chosen in the stretch the event touches, else from coder A (A is the
  reference, normally the primary coder); where the coders agree but split a state
  differently (two abutting events against one), A's split is kept;
- a state that spans agreed frames and chosen frames becomes ONE event (e.g. B started a
  state earlier and B was chosen: the consensus state starts where B's did);
- ``both`` keeps a code marked by either coder; two different codes of one exclusive group
  cannot both be kept (:class:`ConsensusError` says so; :func:`both_allowed` tells the UI);
- running (unfinished) states end where the video ends; events of codes the codebook does
  not know are left out.

Choosing ``A`` for every item gives back coder A's coding (B likewise) up to event ids,
except for the two cases above where the coders agree on the code but not its attributes
or split.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from interactioncoder.core.codebook import Codebook, CodeKind
from interactioncoder.core.editing import frame_ms
from interactioncoder.core.events import Event, new_event_id
from interactioncoder.core.timebase import Timebase
from interactioncoder.reliability.analysis import close_running
from interactioncoder.reliability.disagreements import Disagreement, unit_disagreements
from interactioncoder.reliability.units import NONE, IntArray, UnitGrid


class ConsensusChoice(StrEnum):
    A = "A"
    B = "B"
    BOTH = "both"
    NEITHER = "neither"


class ConsensusError(ValueError):
    """The choices cannot make a valid consensus; the message says which item and why."""


@dataclass(frozen=True)
class _Variable:
    id: str
    code_ids: tuple[str, ...]  # category i + 1 is code_ids[i]; 0 is none
    exclusive: bool  # more than one code competes for the same frames
    points: bool


_SIDE_AGREE, _SIDE_A, _SIDE_B, _SIDE_NONE = 0, 1, 2, 3


def _variables(codebook: Codebook) -> list[_Variable]:
    out = []
    for group in codebook.groups:
        states = tuple(c.id for c in group.codes if c.kind is CodeKind.STATE)
        if group.exclusive and states:
            out.append(_Variable(group.id, states, len(states) > 1, False))
        for code in group.codes:
            point = code.kind is CodeKind.POINT
            if point or not group.exclusive:
                out.append(_Variable(code.id, (code.id,), False, point))
    return out


def _frames(var: _Variable, events: Sequence[Event], n_frames: int) -> tuple[IntArray, IntArray]:
    """(category per frame, index in *events* of the event shown there or -1)."""
    cats = np.zeros(n_frames, dtype=np.int64)
    src = np.full(n_frames, -1, dtype=np.int64)
    index = {c: i + 1 for i, c in enumerate(var.code_ids)}
    chosen = sorted(
        (i for i, e in enumerate(events) if e.code_id in index),
        key=lambda i: events[i].onset_frame,
    )
    for i in chosen:  # later onsets win (as in the time-unit analysis)
        e = events[i]
        assert e.offset_frame is not None  # closed by close_running()
        start = e.onset_frame
        stop = start + 1 if var.points or e.offset_frame == start else e.offset_frame
        start, stop = max(0, start), min(n_frames, stop)
        if var.points and src[start] >= 0:
            continue  # one point per frame and code is enough
        cats[start:stop] = index[e.code_id]
        src[start:stop] = i
    return cats, src


@dataclass(frozen=True)
class _Prepared:
    grid: UnitGrid
    variables: list[_Variable]
    events_a: list[Event]
    events_b: list[Event]
    frames: dict[str, tuple[IntArray, IntArray, IntArray, IntArray]]  # a, src_a, b, src_b


def _prepare(
    codebook: Codebook, timebase: Timebase, events_a: Sequence[Event], events_b: Sequence[Event]
) -> _Prepared:
    known = {c.id for g in codebook.groups for c in g.codes}
    ev_a = [e for e in close_running(events_a, timebase) if e.code_id in known]
    ev_b = [e for e in close_running(events_b, timebase) if e.code_id in known]
    n = timebase.frame_count
    variables = _variables(codebook)
    frames = {}
    for var in variables:
        a, src_a = _frames(var, ev_a, n)
        b, src_b = _frames(var, ev_b, n)
        frames[var.id] = (a, src_a, b, src_b)
    return _Prepared(UnitGrid(timebase, None), variables, ev_a, ev_b, frames)


def consensus_items(
    codebook: Codebook,
    timebase: Timebase,
    events_a: Sequence[Event],
    events_b: Sequence[Event],
    session_id: str = "",
) -> list[Disagreement]:
    """Every frame stretch where A and B differ, in the order of the frames."""
    return _items(_prepare(codebook, timebase, events_a, events_b), session_id)


def _items(prep: _Prepared, session_id: str = "") -> list[Disagreement]:
    out: list[Disagreement] = []
    for var in prep.variables:
        a, _, b, _ = prep.frames[var.id]
        labels = (NONE, *var.code_ids)
        credited = np.zeros(len(a), dtype=bool)
        out.extend(unit_disagreements(var.id, labels, a, b, prep.grid, credited, session_id))
    order = {v.id: i for i, v in enumerate(prep.variables)}
    out.sort(key=lambda d: (d.start_frame, order[d.variable_id], d.end_frame))
    return out


def both_allowed(item: Disagreement) -> bool:
    """Whether ``both`` makes sense: not two different codes competing for the same frames."""
    return item.code_a is None or item.code_b is None or item.code_a == item.code_b


def _item_label(item: Disagreement) -> str:
    return (
        f"{item.variable_id}, frames {item.start_frame}-{item.end_frame - 1} "
        f"({item.code_a or 'nothing'} vs {item.code_b or 'nothing'})"
    )


def build_consensus(
    codebook: Codebook,
    timebase: Timebase,
    events_a: Sequence[Event],
    events_b: Sequence[Event],
    choices: Sequence[ConsensusChoice | str],
) -> list[Event]:
    """The consensus events: *choices[i]* decides ``consensus_items(...)[i]``.

    Raises :class:`ConsensusError` when the number of choices does not match the items,
    a choice is unknown, or ``both`` is chosen where two codes of an exclusive group meet.
    """
    prep = _prepare(codebook, timebase, events_a, events_b)
    items = _items(prep)
    if len(choices) != len(items):
        raise ConsensusError(
            f"{len(items)} disagreements need a choice each, but {len(choices)} were given"
        )
    by_var: dict[str, list[tuple[Disagreement, ConsensusChoice]]] = {}
    for item, raw in zip(items, choices, strict=True):
        try:
            choice = ConsensusChoice(raw)
        except ValueError:
            raise ConsensusError(
                f"{_item_label(item)}: unknown choice {raw!r} (A, B, both or neither)"
            ) from None
        if choice is ConsensusChoice.BOTH and not both_allowed(item):
            raise ConsensusError(
                f"{_item_label(item)}: two codes of one exclusive group cannot both be kept; "
                "choose A, B or neither"
            )
        by_var.setdefault(item.variable_id, []).append((item, choice))
    out: list[Event] = []
    for var in prep.variables:
        out.extend(_consensus_variable(var, prep, by_var.get(var.id, []), timebase))
    rank = {c.id: i for i, c in enumerate(c for g in codebook.groups for c in g.codes)}
    out.sort(key=lambda e: (e.onset_frame, rank[e.code_id], e.offset_frame or 0))
    _check_rules(codebook, out, timebase)
    return out


def _check_rules(codebook: Codebook, events: Sequence[Event], timebase: Timebase) -> None:
    """The editing rules (:mod:`interactioncoder.core.editing`) the result must keep.

    The construction keeps them; this is a safety net against a bug. It sorts instead of
    comparing every pair (``editing.check_changes`` is quadratic: seconds for a long session).
    """
    lanes: dict[str, list[Event]] = {}
    for e in events:
        assert e.offset_frame is not None
        if not 0 <= e.onset_frame <= timebase.last_frame or e.offset_frame > timebase.frame_count:
            raise ConsensusError(f"bug: {e.code_id} at frames {e.onset_frame}-{e.offset_frame} "
                                 "lies outside the video")  # fmt: skip
        if e.is_point:
            continue
        group = codebook.group_of(e.code_id)
        lanes.setdefault(group.id if group.exclusive else e.code_id, []).append(e)
    for lane in lanes.values():
        lane.sort(key=lambda e: e.onset_frame)
        for before, after in itertools.pairwise(lane):
            assert before.offset_frame is not None
            if before.offset_frame > after.onset_frame:
                raise ConsensusError(
                    f"bug: {before.code_id} (frames {before.onset_frame}-{before.offset_frame - 1})"
                    f" would overlap {after.code_id} (from frame {after.onset_frame})"
                )


def _consensus_variable(
    var: _Variable,
    prep: _Prepared,
    chosen: Sequence[tuple[Disagreement, ConsensusChoice]],
    timebase: Timebase,
) -> list[Event]:
    a, src_a, b, src_b = prep.frames[var.id]
    cats = np.where(a == b, a, 0)
    side = np.full(len(a), _SIDE_AGREE, dtype=np.int64)
    for item, choice in chosen:
        s, e = item.start_frame, item.end_frame
        if choice is ConsensusChoice.A:
            cats[s:e], side[s:e] = a[s:e], _SIDE_A
        elif choice is ConsensusChoice.B:
            cats[s:e], side[s:e] = b[s:e], _SIDE_B
        elif choice is ConsensusChoice.NEITHER:
            cats[s:e], side[s:e] = 0, _SIDE_NONE
        else:  # both: whichever side marked a code (checked: never two different codes)
            cats[s:e] = np.maximum(a[s:e], b[s:e])
            side[s:e] = np.where(a[s:e] > 0, _SIDE_A, _SIDE_B)
    # The event shown at each frame, on the side that decides it (A where they agree).
    from_b = side == _SIDE_B
    src = np.where(from_b, src_b, src_a)
    if var.points:
        return _point_events(var, cats, src, from_b, prep, timebase)
    return _state_events(var, cats, side, src, prep, timebase)


def _source(prep: _Prepared, from_b: bool, index: int) -> Event:
    return (prep.events_b if from_b else prep.events_a)[index]


def _point_events(
    var: _Variable,
    cats: IntArray,
    src: IntArray,
    from_b: np.ndarray,
    prep: _Prepared,
    timebase: Timebase,
) -> list[Event]:
    out = []
    for f in np.flatnonzero(cats > 0).tolist():
        origin = _source(prep, bool(from_b[f]), int(src[f]))
        ms = timebase.frame_to_ms(f)
        out.append(
            origin.with_changes(
                id=new_event_id(), onset_frame=f, onset_ms=ms, offset_frame=f, offset_ms=ms
            )
        )
    return out


def _state_events(
    var: _Variable,
    cats: IntArray,
    side: IntArray,
    src: IntArray,
    prep: _Prepared,
    timebase: Timebase,
) -> list[Event]:
    n = len(cats)
    if n == 0:
        return []
    # Which coder's event a frame belongs to: agreed frames count as A's.
    owner = np.where(side == _SIDE_B, _SIDE_B, _SIDE_A)
    brk = np.ones(n, dtype=bool)
    # A run ends where the code changes, or where the SAME coder has a new event of the
    # same code (two abutting events stay two); a switch of side continues the event.
    brk[1:] = (cats[1:] != cats[:-1]) | ((owner[1:] == owner[:-1]) & (src[1:] != src[:-1]))
    starts = np.flatnonzero(brk)
    ends = np.append(starts[1:], n)
    out = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if cats[s] == 0:
            continue
        # Attributes from the side chosen inside the run, else from A (agreed frames).
        decided = np.flatnonzero((side[s:e] == _SIDE_A) | (side[s:e] == _SIDE_B))
        f = s + int(decided[0]) if len(decided) else s
        from_b = bool(side[f] == _SIDE_B)
        origin = _source(prep, from_b, int(src[f]))
        out.append(
            origin.with_changes(
                id=new_event_id(),
                code_id=var.code_ids[int(cats[s]) - 1],
                onset_frame=s,
                onset_ms=timebase.frame_to_ms(s),
                offset_frame=e,
                offset_ms=frame_ms(timebase, e),
            )
        )
    return out
