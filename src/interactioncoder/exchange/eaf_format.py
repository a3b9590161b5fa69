"""How interactioncoder events are laid out in an ELAN ``.eaf`` (EAF 3.0) file.

Shared by the writer (:mod:`eaf_write`) and the reader (:mod:`eaf_read`), so the two
stay each other's inverse.

Layout
------
* One top-level tier per code group x coder. ``TIER_ID`` is
  ``"<group name> (<subject name>) - <coder>"`` (ELAN forbids overlapping annotations on
  a tier, so overlapping events of a non-exclusive group spill into extra tiers
  ``"... - <coder> [2]"``, ``[3]``...), ``PARTICIPANT`` the subject's name,
  ``ANNOTATOR`` the coder's name, and its linguistic type ``ic-<group id>`` refers to the
  controlled vocabulary ``cv-<group id>``, whose entries are the group's codes
  (``CVE_VALUE`` = code id, ``DESCRIPTION`` = name and definition).
* An event is an ``ALIGNABLE_ANNOTATION`` whose value is the code id, from the start time
  of its onset frame to the start time of its offset frame (the first frame after the
  state). ELAN stores whole milliseconds: times are rounded, and the reader recovers the
  exact frames as the *nearest* frame start on the session timebase (frames are always
  more than 1 ms apart, so rounding never moves a time to another frame).
* A **point** event is written as a one-frame annotation (its frame's start to the next
  frame's start), because ELAN has no zero-length annotations; the reader knows it is a
  point from the code's kind.
* A **running** state (not yet ended) is written to the end of the video and flagged
  ``@running`` in its modifiers annotation.
* **Modifiers** go in a dependent tier ``"<tier> modifiers"`` (Symbolic_Association, type
  ``ic-modifiers``) whose annotation, referring to the event's annotation, reads
  ``modifier=value; modifier=value`` (modifier and choice ids; numbers in Python's
  shortest round-trip form). ``\\``, ``;`` and ``=`` inside a value are backslash-escaped.
  Keeping them out of the main value keeps the main tier's values pure CV entries, so
  ELAN's own CV tools keep working on it.
* **Comments** go likewise in ``"<tier> comments"`` (type ``ic-comments``).
* Media descriptors carry ``MEDIA_URL`` (file URI), ``RELATIVE_MEDIA_URL`` (relative to
  the .eaf), ``MIME_TYPE`` and, for a camera shifted on the session clock by
  ``offset_ms``, ``TIME_ORIGIN = -offset_ms`` (ELAN's "media time at annotation time 0").
* Header ``PROPERTY`` elements name the project, session, codebook and its SHA-256.
"""

from __future__ import annotations

from collections.abc import Mapping

from interactioncoder.core.events import ModifierValue

EAF_VERSION = "3.0"
EAF_SCHEMA = "http://www.mpi.nl/tools/elan/EAFv3.0.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LANG_ID = "und"
LANG_LABEL = "undetermined (und)"
LANG_DEF = "http://cdb.iso.org/lg/CDB-00130975-001"

MODIFIERS_TYPE = "ic-modifiers"
COMMENTS_TYPE = "ic-comments"
MODIFIERS_SUFFIX = " modifiers"
COMMENTS_SUFFIX = " comments"
RUNNING_FLAG = "@running"

PROP_PREFIX = "interactioncoder."
PROP_CODEBOOK_SHA = PROP_PREFIX + "codebook_sha256"
PROP_SESSION = PROP_PREFIX + "session"


def group_type_id(group_id: str) -> str:
    return f"ic-{group_id}"


def group_cv_id(group_id: str) -> str:
    return f"cv-{group_id}"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace("=", "\\=")


def format_modifiers(modifiers: Mapping[str, ModifierValue], running: bool) -> str:
    parts = [RUNNING_FLAG] if running else []
    for key, value in sorted(modifiers.items()):
        text = repr(float(value)) if isinstance(value, int | float) else str(value)
        parts.append(f"{_escape(key)}={_escape(text)}")
    return "; ".join(parts)


def split_modifiers(text: str) -> list[tuple[str, str | None]]:
    """``[(key, value)]`` from ``key=value; key=value`` (value None for a bare flag)."""
    items: list[tuple[str, str | None]] = []
    key: list[str] = []
    value: list[str] | None = None
    i = 0

    def flush() -> None:
        k = "".join(key).strip()
        if k or value is not None:
            items.append((k, None if value is None else "".join(value).strip()))

    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            (key if value is None else value).append(text[i + 1])
            i += 2
            continue
        if ch == ";":
            flush()
            key, value = [], None
        elif ch == "=" and value is None:
            value = []
        else:
            (key if value is None else value).append(ch)
        i += 1
    flush()
    return items
