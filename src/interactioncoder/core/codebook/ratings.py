"""Reading the ``scales``, ``totals`` and ``segments`` of a codebook file.

Part of the YAML loader (:mod:`interactioncoder.core.codebook.loader`).
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, SequenceNode

from interactioncoder.core.codebook import (
    RatingScale,
    ScaleAnchor,
    ScaleScope,
    ScaleTotal,
    SegmentType,
)
from interactioncoder.core.codebook.codes import IdRegistry, read_color
from interactioncoder.core.codebook.nodes import (
    Fields,
    ProblemLog,
    describe,
    did_you_mean,
    label,
    line_of,
    scalar_int,
    scalar_text,
)

SCALE_FIELDS = ("id", "name", "subject", "min", "max", "scope", "description", "anchors")
TOTAL_FIELDS = ("id", "name", "scales", "cutoff", "cutoff_label")
SEGMENT_FIELDS = ("id", "name", "color", "description")

# A rating is picked from a row of buttons; more values than this is a mistake, not a scale.
MAX_SCALE_VALUES = 101


def _read_anchors(
    log: ProblemLog, node: MappingNode, what: str, low: int | None, high: int | None
) -> tuple[ScaleAnchor, ...]:
    anchors: dict[int, ScaleAnchor] = {}
    first: dict[int, Node] = {}
    for key_node, value_node in node.value:
        value = scalar_int(key_node)
        if value is None:
            log.add(
                key_node,
                f"an anchor of {what} must start with a whole number "
                f"(e.g. '1: Very low'), not {describe(key_node)}",
            )
            continue
        if value in first:
            log.add(
                key_node,
                f"anchor {value} of {what} is given twice (first on line {line_of(first[value])})",
            )
            continue
        first[value] = key_node
        if low is not None and high is not None and not low <= value <= high:
            log.add(key_node, f"anchor {value} of {what} is outside the scale ({low} to {high})")
        label = scalar_text(log, value_node, f"the label of anchor {value} of {what}")
        anchors[value] = ScaleAnchor(value=value, label=label)
    return tuple(anchors[v] for v in sorted(anchors))


def read_scale(
    log: ProblemLog,
    node: Node,
    index: int,
    ids: IdRegistry,
    subjects: list[str],
    has_segments: bool,
) -> RatingScale:
    f = Fields(log, node, label(node, "scale '{id}'", f"scale {index}"), SCALE_FIELDS)
    ident = f.ident()
    ids.claim(ident, f.where("id"))
    name = f.text("name", required=True)
    subject = _read_subject(log, f, subjects)
    low, high, valid_range = _read_range(log, f)
    scope = _read_scope(log, f, has_segments)
    anchors_node = f.mapping("anchors")
    anchors: tuple[ScaleAnchor, ...] = ()
    if anchors_node is not None:
        anchors = _read_anchors(
            log, anchors_node, f.what, low if valid_range else None, high if valid_range else None
        )
    return RatingScale(
        id=ident,
        name=name,
        subject=subject,
        minimum=low if low is not None else 0,
        maximum=high if high is not None else 1,
        scope=scope,
        anchors=anchors,
        description=f.text("description"),
    )


def _read_subject(log: ProblemLog, f: Fields, subjects: list[str]) -> str:
    """The scale's subject, which must be one of the codebook's *subjects*."""
    subject_node = f.value_node("subject")
    subject = f.text("subject", required=True)
    if subject and subject_node is not None and subject not in subjects:
        hint = did_you_mean(subject, subjects) or (
            f"; the subjects are: {', '.join(subjects)}"
            if subjects
            else "; the codebook has no 'subjects' list"
        )
        log.add(subject_node, f"{f.what} is about subject '{subject}', which is not defined{hint}")
    return subject


def _read_range(log: ProblemLog, f: Fields) -> tuple[int | None, int | None, bool]:
    """(min, max, whether they make a usable range: anchors are checked against it)."""
    low = f.integer("min", required=True)
    high = f.integer("max", required=True)
    if low is None or high is None:
        return low, high, False
    if low >= high:
        log.add(f.where("max"), f"{f.what} must have min below max (min is {low}, max is {high})")
        return low, high, False
    if high - low + 1 > MAX_SCALE_VALUES:
        log.add(
            f.where("max"),
            f"{f.what} has {high - low + 1} values; a rating scale may have at most "
            f"{MAX_SCALE_VALUES}",
        )
        return low, high, False
    return low, high, True


def _read_scope(log: ProblemLog, f: Fields, has_segments: bool) -> ScaleScope:
    scope_text = f.choice("scope", [s.value for s in ScaleScope], False, ScaleScope.SESSION.value)
    scope = ScaleScope(scope_text)
    if scope is ScaleScope.SEGMENT and not has_segments:
        log.add(
            f.where("scope"),
            f"{f.what} is rated per segment, but the codebook defines no 'segments'",
        )
    return scope


def read_total(
    log: ProblemLog, node: Node, index: int, ids: IdRegistry, scales: dict[str, RatingScale]
) -> ScaleTotal:
    f = Fields(log, node, label(node, "total '{id}'", f"total {index}"), TOTAL_FIELDS)
    ident = f.ident()
    ids.claim(ident, f.where("id"))
    name = f.text("name", required=True)
    scales_node = f.value_node("scales")
    items = f.sequence("scales", required=True)
    if isinstance(scales_node, SequenceNode) and not scales_node.value:
        log.add(scales_node, f"{f.what} lists no scales to add up")
    members, resolved, all_known = _read_members(log, f, items, scales)
    scopes = {s.scope for s in resolved}
    if len(scopes) > 1 and scales_node is not None:
        log.add(
            scales_node,
            f"{f.what} adds up scales rated per session and scales rated per segment; "
            "all scales of a total must have the same scope",
        )
    cutoff = f.integer("cutoff")
    cutoff_label = f.text("cutoff_label")
    if cutoff_label and cutoff is None and f.value_node("cutoff") is None:
        log.add(f.where("cutoff_label"), f"{f.what} has a 'cutoff_label' but no 'cutoff'")
    if cutoff is not None and all_known and resolved:
        _check_cutoff(log, f, cutoff, resolved)
    return ScaleTotal(
        id=ident, name=name, scales=tuple(members), cutoff=cutoff, cutoff_label=cutoff_label
    )


def _read_members(
    log: ProblemLog, f: Fields, items: list[Node], scales: dict[str, RatingScale]
) -> tuple[list[str], list[RatingScale], bool]:
    """(scale ids as listed, the scales found, whether every item named a new known scale)."""
    members: list[str] = []
    resolved: list[RatingScale] = []
    all_known = True
    seen: dict[str, Node] = {}
    for i, item in enumerate(items, start=1):
        scale_id = scalar_text(log, item, f"scale {i} of {f.what}")
        if not scale_id:
            all_known = False
            continue
        members.append(scale_id)
        if scale_id in seen:
            log.add(
                item,
                f"scale '{scale_id}' is listed twice in {f.what} "
                f"(first on line {line_of(seen[scale_id])})",
            )
            all_known = False
            continue
        seen[scale_id] = item
        scale = scales.get(scale_id)
        if scale is None:
            hint = did_you_mean(scale_id, list(scales)) or (
                f"; the scales are: {', '.join(scales)}" if scales else "; there are no scales"
            )
            log.add(item, f"{f.what} adds up scale '{scale_id}', which is not defined{hint}")
            all_known = False
            continue
        resolved.append(scale)
    return members, resolved, all_known


def _check_cutoff(log: ProblemLog, f: Fields, cutoff: int, scales: list[RatingScale]) -> None:
    """A cutoff some totals reach and some do not."""
    lowest = sum(s.minimum for s in scales)
    highest = sum(s.maximum for s in scales)
    if not lowest < cutoff <= highest:
        log.add(
            f.where("cutoff"),
            f"cutoff {cutoff} of {f.what} is outside the possible totals: the sum of its "
            f"scales runs from {lowest} to {highest}, so the cutoff must be above {lowest} "
            f"and at most {highest}",
        )


def read_segment(log: ProblemLog, node: Node, index: int, ids: IdRegistry) -> SegmentType:
    f = Fields(log, node, label(node, "segment '{id}'", f"segment {index}"), SEGMENT_FIELDS)
    ident = f.ident()
    ids.claim(ident, f.where("id"))
    return SegmentType(
        id=ident,
        name=f.text("name", required=True),
        color=read_color(f, "color", required=False, default="#888888"),
        description=f.text("description"),
    )
