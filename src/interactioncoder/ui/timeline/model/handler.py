"""Mouse, wheel and keys as plain values -> state changes and typed intents (no Qt).

A press decides what a drag will be (scrub, trim, move, segment trim, rubber band,
create); moves update only the preview; the release yields one request, so one drag is
one undo step. Presses that do not become drags (less than the drag distance) select or
seek. Methods return ``None`` when the input is not the timeline's (the widget passes it
on), else the intents, in the order the widget should emit them.
"""

from __future__ import annotations

from interactioncoder.core.events import Event
from interactioncoder.ui.timeline.model import hits
from interactioncoder.ui.timeline.model.intents import (
    Button,
    CancelDrag,
    Create,
    Delete,
    Edit,
    Intent,
    Key,
    Mod,
    Move,
    RubberBandSelect,
    Scroll,
    Seek,
    SegmentTrim,
    Select,
    Split,
    ToggleRows,
    Trim,
    Zoom,
)
from interactioncoder.ui.timeline.model.interaction import (
    Drag,
    DragKind,
    Hit,
    HitKind,
    clamp_move,
    clamp_trim,
)
from interactioncoder.ui.timeline.model.layout import TOP, RowKind
from interactioncoder.ui.timeline.model.state import TimelineState

WHEEL_ZOOM_STEP = 1.25  # per wheel notch
KEY_ZOOM_STEP = 1.5
ROW_SCROLL_STEP = 20  # pixels per wheel line (three lines per notch)


class InputHandler:
    def __init__(self, state: TimelineState, drag_distance: float = 4.0) -> None:
        self.state = state
        self.drag_distance = drag_distance

    # -- queries -------------------------------------------------------------------------
    def hit_at(self, x: float, y: float) -> Hit:
        return hits.hit_test(self.state, x, y)

    def edge_under(self, x: float, y: float) -> bool:
        """True where a press would grab an editable edge (the resize cursor)."""
        kind = self.hit_at(x, y).kind
        return kind in (HitKind.EVENT_EDGE, HitKind.SEGMENT_EDGE) and not self.state.read_only

    @property
    def wants_autoscroll(self) -> bool:
        """A drag is under way with the pointer past the events area's left or right edge."""
        d, v = self.state.drag, self.state.view
        return d is not None and d.started and not v.x0 <= d.x <= v.right

    # -- mouse ---------------------------------------------------------------------------
    def press(self, x: float, y: float, button: Button, mods: Mod) -> list[Intent] | None:
        if button is not Button.LEFT:
            return None
        s = self.state
        s.drag = None
        out = self._press(self.hit_at(x, y), mods, x, y)
        if s.drag is not None:
            s.drag.press_y, s.drag.press_frame = y, s.view.frame_at(x)
            s.drag.x, s.drag.y = x, y
        return out

    def _press(self, hit: Hit, mods: Mod, x: float, y: float) -> list[Intent]:
        s = self.state
        if hit.kind is HitKind.HEADER:
            if hit.row_key.startswith(("subject:", "group:")):
                s.toggle_collapsed(hit.row_key)
                return [ToggleRows(hit.row_key)]
            return []
        if hit.kind in (HitKind.EVENT, HitKind.EVENT_EDGE):
            return self._press_event(hit, mods, x)
        if hit.kind is HitKind.SEGMENT_EDGE and not s.read_only:
            seg = next(g for g in s.segments if g.id == hit.segment_id)
            origin = seg.onset_frame if hit.edge == "onset" else seg.offset_frame
            s.drag = Drag(
                DragKind.SEGMENT_TRIM, x, edge=hit.edge, segment_id=seg.id,
                origin_frame=origin, preview=origin,
            )  # fmt: skip
            return []
        if hit.kind is HitKind.NOTHING:
            return []
        if hit.kind is HitKind.ROW and mods & Mod.SHIFT:
            s.drag = Drag(DragKind.BAND, x)
            return []
        row = hits.row_at_y(s, y)
        own_row = row is not None and row.kind is RowKind.CODE and row.lane < 0
        if hit.kind is HitKind.ROW and mods & Mod.ALT and own_row and not s.read_only:
            edge = s.view.x_to_boundary(x)
            code = row.code_id if row is not None else ""
            s.drag = Drag(DragKind.CREATE, x, origin_frame=edge, preview=edge, code_id=code)
            return []
        # Ruler, segment band, empty row area, comparison events: seek (and scrub on drag).
        out: list[Intent] = []
        if hit.kind is HitKind.ROW and not mods & (Mod.CTRL | Mod.SHIFT):
            out += self._select(())
        s.drag = Drag(DragKind.SCRUB, x, origin_frame=hit.frame, started=True)
        return [*out, Seek(hit.frame)]

    def _press_event(self, hit: Hit, mods: Mod, x: float) -> list[Intent]:
        s = self.state
        out = self._select_on_press(hit.event_id, mods)
        if s.read_only:
            return out
        if hit.kind is HitKind.EVENT_EDGE:
            ev = s.events[hit.event_id]
            origin = ev.onset_frame if hit.edge == "onset" else (ev.offset_frame or 0)
            s.drag = Drag(DragKind.TRIM, x, (ev.id,), hit.edge, origin_frame=origin)
            s.drag.preview = origin
        elif hit.event_id in s.selection:
            s.drag = Drag(DragKind.MOVE, x, s.selection, origin_frame=hit.frame)
            s.drag.narrow_to = hit.event_id if not mods else ""
        return out

    def _select(self, ids: tuple[str, ...] | list[str]) -> list[Intent]:
        return [Select(self.state.selection)] if self.state.set_selection(ids) else []

    def _select_on_press(self, event_id: str, mods: Mod) -> list[Intent]:
        sel = self.state.selection
        if mods & Mod.CTRL:
            toggled = [i for i in sel if i != event_id] + ([] if event_id in sel else [event_id])
            return self._select(toggled)
        if mods & Mod.SHIFT:
            return self._select((*sel, event_id))
        if event_id not in sel:
            return self._select((event_id,))
        return []

    def move(self, x: float, y: float) -> list[Intent]:
        d = self.state.drag
        if d is None:
            return []
        if not d.started:
            if max(abs(x - d.press_x), abs(y - d.press_y)) < self.drag_distance:
                return []
            d.started = True
        d.x, d.y = x, y
        return self._update_drag(d)

    def autoscroll_tick(self) -> list[Intent]:
        """Scroll on while a drag is past the view's edge (the widget's timer calls this)."""
        d, v = self.state.drag, self.state.view
        if d is None or not self.wants_autoscroll:
            return []
        beyond = d.x - v.right if d.x > v.right else d.x - v.x0
        # Faster the further out the pointer is: a few pixels' worth of frames per tick.
        frames = (beyond / 4 + (1 if beyond > 0 else -1)) / v.px_per_frame
        self.state.scroll_frames(frames)
        return [Scroll(frames=frames), *self._update_drag(d)]

    def _scrub(self, d: Drag, frame: int, final: bool) -> list[Intent]:
        """A playhead drag's move: a scrub seek (a preview frame will do); its release:
        an exact seek, when the drag scrubbed."""
        if final:
            return [Seek(frame)] if d.preview or frame != d.origin_frame else []
        if frame == d.origin_frame:
            return []
        d.origin_frame, d.preview = frame, 1
        return [Seek(frame, scrub=True)]

    def _update_drag(self, d: Drag, final: bool = False) -> list[Intent]:
        s = self.state
        v = s.view
        if d.kind is DragKind.SCRUB:
            return self._scrub(d, v.x_to_frame(d.x), final)
        elif d.kind is DragKind.TRIM:
            ev = s.events[d.event_ids[0]]
            target = v.x_to_boundary(d.x)
            d.preview = clamp_trim(ev, d.edge, target, self._neighbours(d, ev), v.frame_count)
        elif d.kind is DragKind.MOVE:
            delta = round(v.frame_at(d.x) - d.press_frame)
            moving = [s.events[i] for i in d.event_ids if i in s.events]
            d.preview = clamp_move(moving, delta, lambda e: self._neighbours(d, e), v.frame_count)
        elif d.kind is DragKind.SEGMENT_TRIM:
            d.preview = clamp_segment_edge(s, d, v.x_to_boundary(d.x))
        elif d.kind is DragKind.CREATE:
            d.preview = v.x_to_boundary(d.x)
        return []

    def _neighbours(self, d: Drag, ev: Event) -> list[Event]:
        """Blocking neighbours of a dragged event, looked up once per drag (not per move)."""
        if ev.id not in d.neighbours:
            d.neighbours[ev.id] = self.state.blocking_neighbours(ev)
        return d.neighbours[ev.id]

    def release(self, x: float, y: float, button: Button) -> list[Intent] | None:
        s = self.state
        d, s.drag = s.drag, None
        if button is not Button.LEFT or d is None:
            return None
        out: list[Intent] = []
        if d.started:
            d.x, d.y = x, y
            out += self._update_drag(d, final=True)
        moved = d.started and d.preview != d.origin_frame
        if d.kind is DragKind.BAND:
            if d.started and s.set_selection((*s.selection, *band_selection(s, d))):
                out.append(RubberBandSelect(s.selection))
        elif d.kind is DragKind.TRIM and moved:
            out.append(Trim(d.event_ids[0], d.edge, d.preview))
        elif d.kind is DragKind.MOVE and d.started and d.preview != 0:
            out.append(Move(d.event_ids, d.preview))
        elif d.kind is DragKind.SEGMENT_TRIM and moved:
            out.append(SegmentTrim(d.segment_id, d.edge, d.preview))
        elif d.kind is DragKind.MOVE and not d.started and d.narrow_to:
            out += self._select((d.narrow_to,))
        elif d.kind is DragKind.CREATE:
            if moved:
                lo, hi = sorted((d.origin_frame, d.preview))
                out.append(Create(d.code_id, lo, hi))
            elif not d.started:
                out.append(Seek(s.view.x_to_frame(x)))
        return out

    def double_click(self, x: float, y: float, button: Button) -> list[Intent] | None:
        hit = self.hit_at(x, y)
        on_event = hit.kind in (HitKind.EVENT, HitKind.EVENT_EDGE)
        if button is Button.LEFT and on_event and not self.state.read_only:
            self.state.drag = None
            return [Edit(hit.event_id)]
        return None

    def wheel(self, x: float, dx: int, dy: int, mods: Mod, y: float | None = None) -> list[Intent]:
        """A wheel turn; *dx*/*dy* in eighths of a degree (120 per notch), as Qt gives them.

        Ctrl zooms; over the rows (at *y*) a vertical turn scrolls the rows when they do
        not all fit; Shift, a sideways turn or the ruler scroll time."""
        s, v = self.state, self.state.view
        if mods & Mod.CTRL:
            factor = WHEEL_ZOOM_STEP ** ((dy or dx) / 120.0)
            s.zoom_around(x if x >= v.x0 else v.x0 + v.width / 2, factor)
            return [Zoom(factor)]
        over_rows = (
            y is not None and y >= TOP and dy != 0 and not mods & Mod.SHIFT and s.max_v_offset > 0
        )
        if mods & Mod.ALT or x < v.x0 or over_rows:
            # Alt turns vertical wheel motion into horizontal on some platforms.
            pixels = -int((dy or dx) / 120 * 3 * ROW_SCROLL_STEP)
            s.scroll_rows(pixels)
            return [Scroll(pixels=pixels)]
        frames = -(dx or dy) / 120.0 * v.frames_visible / 10
        s.scroll_frames(frames)
        return [Scroll(frames=frames)]

    # -- keys and menu -------------------------------------------------------------------
    def key(self, key: Key) -> list[Intent] | None:
        s = self.state
        if key in (Key.DELETE, Key.BACKSPACE):
            return self.delete_selection()
        if key in (Key.PLUS, Key.EQUAL, Key.MINUS):
            factor = KEY_ZOOM_STEP if key is not Key.MINUS else 1 / KEY_ZOOM_STEP
            s.zoom_keyed(factor)
            return [Zoom(factor)]
        if key is Key.ZERO:
            s.zoom_to_fit()
            return [Zoom(0.0)]
        if key is Key.ESCAPE:
            if s.drag is not None:
                s.drag = None
                return [CancelDrag()]
            return self._select(())
        return None

    def delete_selection(self) -> list[Intent]:
        s = self.state
        return [Delete(s.selection)] if s.selection and not s.read_only else []

    def context_event(self, x: float, y: float) -> tuple[str, list[Intent]] | None:
        """The own event under a context-menu press (selected if it was not), or None."""
        self.state.cancel_drag()
        hit = self.hit_at(x, y)
        if hit.kind not in (HitKind.EVENT, HitKind.EVENT_EDGE):
            return None
        out = [] if hit.event_id in self.state.selection else self._select((hit.event_id,))
        return hit.event_id, out

    def context_create(self, x: float, y: float) -> tuple[str, int] | None:
        """(code id, frame) of an empty place on an own code row, where an event may be added."""
        s = self.state
        hit = self.hit_at(x, y)
        row = hits.row_at_y(s, y)
        if hit.kind is not HitKind.ROW or s.read_only or row is None:
            return None
        if row.kind is not RowKind.CODE or row.lane >= 0:
            return None
        return row.code_id, hit.frame

    def create_at(self, code_id: str, frame: int) -> list[Intent]:
        """Add *code_id* at *frame* as its key would (onset = offset asks for that)."""
        return [] if self.state.read_only else [Create(code_id, frame, frame)]

    def can_split(self, event_id: str) -> bool:
        """Only a state, and only strictly inside it (both parts keep a frame)."""
        s = self.state
        ev = s.events.get(event_id)
        if ev is None or s.read_only or ev.is_point:
            return False
        return ev.covers_frame(s.playhead) and s.playhead > ev.onset_frame

    def split_at_playhead(self, event_id: str) -> list[Intent]:
        return [Split(event_id, self.state.playhead)] if event_id in self.state.events else []

    def edit(self, event_id: str) -> list[Intent]:
        return [Edit(event_id)] if not self.state.read_only else []


def band_rect(s: TimelineState, d: Drag) -> tuple[float, float, float, float]:
    """The rubber band in widget coordinates: left, top, right, bottom (press end scrolls)."""
    press_x = s.view.frame_to_x(d.press_frame)
    return min(press_x, d.x), min(d.press_y, d.y), max(press_x, d.x), max(d.press_y, d.y)


def band_selection(s: TimelineState, d: Drag) -> list[str]:
    """Own events whose rows the band crosses and whose frames it covers."""
    left, top, right, bottom = band_rect(s, d)
    f0, f1 = s.view.x_to_frame(left), s.view.x_to_frame(right)
    found = []
    for row in s.rows:
        if row.kind is not RowKind.CODE:
            continue
        y = s.row_screen_y(row)
        if y + row.height < top or y > bottom:
            continue
        data = s.row_events(row)
        lo, hi = data.visible_slice(f0, f1)
        for i in range(lo, hi):
            end = int(data.end[i]) if not data.running[i] else int(data.onset[i]) + 1
            on = int(data.onset[i])
            if on <= f1 and max(end, on + 1) > f0:
                found.append(data.ids[i])
    return found


def clamp_segment_edge(s: TimelineState, d: Drag, frame: int) -> int:
    """A dragged segment edge, kept inside its segment and short of its neighbours."""
    seg = next(g for g in s.segments if g.id == d.segment_id)
    others = [g for g in s.segments if g.id != seg.id]
    if d.edge == "onset":
        lo = max([g.offset_frame for g in others if g.onset_frame < seg.onset_frame], default=0)
        return max(min(frame, seg.offset_frame - 1), min(lo, seg.offset_frame - 1))
    hi = min(
        [g.onset_frame for g in others if g.onset_frame >= seg.offset_frame],
        default=s.view.frame_count,
    )
    return min(max(frame, seg.onset_frame + 1), max(hi, seg.onset_frame + 1))
