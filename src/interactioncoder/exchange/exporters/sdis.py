"""Export to SDIS timed-event data, the input format of GSEQ (Bakeman & Quera).

The Sequential Data Interchange Standard describes coded sequences as plain text. We
write *timed-event* data, one file per export:

```
% comment lines start with a percent sign
Timed sens intr gaze cry ;
<D01_s1_alice_primary>
,0.000
sens,0.033-0.150
gaze,0.067-0.600
cry,0.200
,0.600/
```

Mapping from a project:

* **Declaration**: ``Timed`` followed by every code of the exported codebooks (in
  codebook order, each once) and ``;``. Codes are *not* declared as parenthesised
  mutually-exclusive-and-exhaustive sets: an exclusive group here may leave time with no
  state at all, which an ME&E set forbids.
* **Code names** are code ids with every character other than letters, digits and ``_``
  replaced by ``_`` (and a ``c`` in front if they would not start with a letter); the
  header comment lists every renamed code. Distinct codes never share a name (a numeric
  suffix is added).
* **One sequence per session x coder**, labelled ``<dyad_session_coder_role>`` (same
  character rule), in dyad/session/coder order. It opens with ``,start`` (session start)
  and closes with ``,end/`` (session end): the master video's span.
* **Events**: ``code,onset-offset`` for a state, offset exclusive (the first moment the
  state is no longer in effect, as in our own model); a still-running state ends at the
  session end. A point event is written ``code,onset`` (SDIS: momentary, one time unit).
* **Times** (``unit="s"``, default): seconds with three decimals from the stored
  presentation times (exact to the ms also for variable-frame-rate video). With
  ``unit="frames"``: master-video frame indexes (integers; offset = first frame after the
  state), the session running from frame 0 to the frame count; this needs a master video.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from interactioncoder.core.codebook import CodeKind
from interactioncoder.core.events import Event
from interactioncoder.exchange.atomic import atomic_write_text
from interactioncoder.exchange.project_data import CodingData, ProjectData, SessionData

UNITS = ("s", "frames")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")


def sdis_name(text: str) -> str:
    """*text* as an SDIS code or label word: letters, digits and underscores only."""
    name = _NOT_NAME.sub("_", text)
    if not name or not name[0].isalpha():
        name = "c" + name
    return name


def code_names(project: ProjectData) -> dict[str, str]:
    """Code id -> unique SDIS name, for every code of every exported codebook."""
    names: dict[str, str] = {}
    used: set[str] = set()
    ids: list[str] = []
    for codebook in project.codebooks():
        ids.extend(c.id for c in codebook.codes())
    for _, coding in project.codings():
        ids.extend(e.code_id for e in coding.events)  # codes missing from the codebook
    for code_id in ids:
        if code_id in names:
            continue
        base = sdis_name(code_id)
        name, n = base, 2
        while name.lower() in used:  # GSEQ compares codes without case
            name = f"{base}_{n}"
            n += 1
        used.add(name.lower())
        names[code_id] = name
    return names


def _fmt_s(ms: float) -> str:
    return f"{round(ms / 1000.0, 3) + 0.0:.3f}"


def _sequence(
    session: SessionData, coding: CodingData, names: dict[str, str], unit: str
) -> list[str]:
    label = sdis_name(
        f"{session.dyad.label}_{session.session.name}_{coding.coder.name}_{coding.coding.role.value}"
    )
    if unit == "frames":
        if session.timebase is None:
            raise ValueError(
                f"session {session.dyad.label}/{session.session.name} has no master video, so "
                "it has no frames; export SDIS in seconds instead"
            )
        start, end = "0", str(session.timebase.frame_count)
    else:
        start, end = _fmt_s(session.start_ms), _fmt_s(session.end_ms)
    lines = [f"<{label}>", f",{start}"]
    codebook = coding.codebook
    for e in sorted(coding.events, key=lambda e: (e.onset_ms, e.onset_frame, e.code_id, e.id)):
        point = codebook.has_code(e.code_id) and codebook.code(e.code_id).kind is CodeKind.POINT
        lines.append(_event_text(e, names[e.code_id], session, unit, point))
    lines.append(f",{end}/")
    return lines


def _event_text(e: Event, name: str, session: SessionData, unit: str, point: bool) -> str:
    if point or e.is_point:
        return f"{name},{e.onset_frame if unit == 'frames' else _fmt_s(e.onset_ms)}"
    if unit == "frames":
        assert session.timebase is not None
        off_frame = e.offset_frame if e.offset_frame is not None else session.timebase.frame_count
        return f"{name},{e.onset_frame}-{off_frame}"
    off_ms = e.offset_ms if e.offset_ms is not None else session.end_ms
    return f"{name},{_fmt_s(e.onset_ms)}-{_fmt_s(off_ms)}"


def sdis_text(project: ProjectData, unit: str = "s", created: dt.datetime | None = None) -> str:
    """The SDIS timed-event file of *project* (see the module docstring)."""
    if unit not in UNITS:
        raise ValueError(f"SDIS time unit must be one of {', '.join(UNITS)}, not {unit!r}")
    names = code_names(project)
    project_name = " ".join(project.project_name.split())  # one comment line, whatever it holds
    header = [
        f"% SDIS timed-event data exported by interactioncoder from project {project_name}",
        "% times in " + ("seconds (3 decimals)" if unit == "s" else "master-video frames"),
    ]
    if created is not None:
        header.append(f"% created {created.isoformat(timespec='seconds')}")
    renamed = [f"{code_id} = {name}" for code_id, name in names.items() if code_id != name]
    if renamed:
        header.append("% renamed codes: " + "; ".join(renamed))
    lines = [*header, "Timed " + " ".join(names.values()) + " ;"]
    for session, coding in project.codings():
        lines.extend(_sequence(session, coding, names, unit))
    return "\n".join(lines) + "\n"


def write_sdis(
    project: ProjectData,
    path: str | os.PathLike[str],
    unit: str = "s",
    created: dt.datetime | None = None,
) -> Path:
    """Write the SDIS file of *project* to *path* atomically (ASCII-safe UTF-8)."""
    text = sdis_text(project, unit, created)
    target = Path(path)
    atomic_write_text(target, text)
    return target
