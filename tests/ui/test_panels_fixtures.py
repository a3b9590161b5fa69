"""Realistic core objects shared by the panel and dialog tests (plus a check of them).

The codebook mirrors the mother-infant codebook: maternal behaviour states, touch points
with modifiers, infant affect and gaze, global 1-9 scales, the eight ADBB items (0-4) with
their total and cut-off 5, and a per-segment engagement scale.
"""

from __future__ import annotations

from interactioncoder.core.codebook import (
    Code,
    Codebook,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
    RatingScale,
    ScaleAnchor,
    ScaleScope,
    ScaleTotal,
    SegmentType,
    Subject,
)
from interactioncoder.core.events import Event
from interactioncoder.core.keys import RESERVED_KEYS
from interactioncoder.core.project import (
    Coder,
    Coding,
    CodingRole,
    CodingStatus,
    Dyad,
    Segment,
    Session,
)

ADBB_ITEMS = (
    ("adbb_face", "Facial expression"),
    ("adbb_eye", "Eye contact"),
    ("adbb_activity", "General level of activity"),
    ("adbb_selfstim", "Self-stimulating gestures"),
    ("adbb_vocal", "Vocalisations"),
    ("adbb_brisk", "Briskness of response to stimulation"),
    ("adbb_relation", "Relationship"),
    ("adbb_attract", "Attractiveness"),
)
ADBB_ANCHORS = (
    ScaleAnchor(0, "no unusual behaviour"),
    ScaleAnchor(1, "doubtful"),
    ScaleAnchor(2, "mild"),
    ScaleAnchor(3, "marked"),
    ScaleAnchor(4, "massive"),
)

INTENSITY = Modifier(
    id="intensity",
    name="Intensity",
    kind=ModifierKind.CHOICE,
    choices=(ModifierChoice("low", "low"), ModifierChoice("high", "high")),
)
TOUCH_KIND = Modifier(
    id="touch_kind",
    name="Kind of touch",
    kind=ModifierKind.CHOICE,
    choices=(
        ModifierChoice("stroke", "stroke", key="S"),
        ModifierChoice("pat", "pat", key="P"),
        ModifierChoice("kiss", "kiss", key="K"),
    ),
    required=True,
)
TOUCH_COUNT = Modifier(id="count", name="Count", kind=ModifierKind.NUMBER, minimum=1, maximum=20)


def make_codebook() -> Codebook:
    return Codebook(
        id="mother-infant",
        name="Mother-infant interaction",
        version="1.0",
        subjects=(Subject("mother", "Mother"), Subject("infant", "Infant")),
        groups=(
            CodeGroup(
                id="maternal_behaviour",
                name="Maternal behaviour",
                subject="mother",
                exclusive=True,
                codes=(
                    Code(
                        "m_sensitive",
                        "Sensitive",
                        CodeKind.STATE,
                        "S",
                        "#2e9d5b",
                        definition="Mother notices the infant's signals and responds "
                        "promptly and appropriately.\n\nIncludes pausing when the infant "
                        "looks away.",
                        examples=("Mother slows down when the baby averts gaze.",),
                        modifiers=(INTENSITY,),
                    ),
                    Code(
                        "m_intrusive",
                        "Intrusive",
                        CodeKind.STATE,
                        "I",
                        "#d64545",
                        definition="Mother overrides the infant's cues.",
                    ),
                    Code("m_withdrawn", "Withdrawn", CodeKind.STATE, "W", "#7f7f7f"),
                ),
            ),
            CodeGroup(
                id="maternal_touch",
                name="Touch",
                subject="mother",
                exclusive=False,
                codes=(
                    Code(
                        "m_touch",
                        "Affectionate touch",
                        CodeKind.POINT,
                        "T",
                        "#ffeb3b",
                        modifiers=(TOUCH_KIND, TOUCH_COUNT),
                    ),
                ),
            ),
            CodeGroup(
                id="infant_affect",
                name="Infant affect",
                subject="infant",
                exclusive=True,
                codes=(
                    Code("i_positive", "Positive affect", CodeKind.STATE, "P", "#4caf50"),
                    Code("i_neutral", "Neutral affect", CodeKind.STATE, "N", "#bdbdbd"),
                    Code(
                        "i_negative",
                        "Negative affect",
                        CodeKind.STATE,
                        "G",
                        "#1a237e",
                        definition="Fussing, crying, grimacing.",
                    ),
                ),
            ),
            CodeGroup(
                id="infant_gaze",
                name="Infant gaze",
                subject="infant",
                exclusive=True,
                codes=(
                    Code("i_gaze_mother", "Gaze at mother", CodeKind.STATE, "M", "#03a9f4"),
                    Code("i_gaze_away", "Gaze away", CodeKind.STATE, "A", "#ff9800"),
                ),
            ),
        ),
        scales=(
            RatingScale(
                "sensitivity",
                "Maternal sensitivity",
                "mother",
                1,
                9,
                anchors=(
                    ScaleAnchor(1, "highly insensitive"),
                    ScaleAnchor(5, "inconsistently sensitive"),
                    ScaleAnchor(9, "highly sensitive"),
                ),
            ),
            *(
                RatingScale(sid, name, "infant", 0, 4, anchors=ADBB_ANCHORS)
                for sid, name in ADBB_ITEMS
            ),
            RatingScale(
                "engagement",
                "Infant engagement",
                "infant",
                1,
                5,
                scope=ScaleScope.SEGMENT,
                anchors=(ScaleAnchor(1, "disengaged"), ScaleAnchor(5, "fully engaged")),
            ),
        ),
        totals=(
            ScaleTotal(
                "adbb_total",
                "ADBB",
                tuple(sid for sid, _ in ADBB_ITEMS),
                cutoff=5,
                cutoff_label="sustained withdrawal",
            ),
        ),
        segments=(SegmentType("play", "Play"), SegmentType("still_face", "Still face")),
    )


def make_project() -> tuple[list[Dyad], list[Session], list[Coding], list[Coder]]:
    dyads = [Dyad(1, "D001"), Dyad(2, "D002", notes="twins: first-born only")]
    sessions = [
        Session(10, 1, "D001 3-month play", visit="T1", infant_age_days=91),
        Session(11, 1, "D001 6-month play", visit="T2", infant_age_days=184),
        Session(20, 2, "D002 3-month play", visit="T1", infant_age_days=95),
    ]
    coders = [Coder(1, "Ana"), Coder(2, "Ben"), Coder(3, "Prof. Cole", is_pi=True)]
    codings = [
        Coding(100, 10, 1, 1, status=CodingStatus.DONE),
        Coding(101, 10, 2, 1, role=CodingRole.RELIABILITY, status=CodingStatus.IN_PROGRESS),
        Coding(102, 11, 1, 1, status=CodingStatus.IN_PROGRESS),
        Coding(103, 20, 2, 1, status=CodingStatus.NOT_STARTED),
    ]
    return dyads, sessions, codings, coders


def make_segments() -> list[Segment]:
    return [
        Segment(5, 10, "Play", 0, 0.0, 3000, 120000.0),
        Segment(6, 10, "Still face", 3000, 120000.0, 6000, 240000.0),
    ]


def make_events(n: int, fps: float = 25.0) -> list[Event]:
    """*n* events cycling through the codebook's codes, 13 frames apart."""
    codes = list(make_codebook().codes())
    events = []
    for i in range(n):
        code = codes[i % len(codes)]
        onset = 13 * i
        offset = onset if code.kind is CodeKind.POINT else onset + 5 + i * 7 % 40
        events.append(
            Event(
                id=f"e{i:05d}",
                code_id=code.id,
                onset_frame=onset,
                onset_ms=onset * 1000 / fps,
                offset_frame=offset,
                offset_ms=offset * 1000 / fps,
                modifiers={"intensity": "high"} if code.id == "m_sensitive" else {},
                comment="check" if i % 97 == 0 else "",
            )
        )
    return events


def test_fixture_codebook_is_consistent() -> None:
    cb = make_codebook()
    keys = [c.key for c in cb.codes()]
    assert len(keys) == len(set(keys))
    assert not set(keys) & RESERVED_KEYS
    for total in cb.totals:
        assert all(cb.scale(s) for s in total.scales)


# The offscreen platform warns when a top-level window is shown; it is not our widget's
# fault, so modules that show widgets ignore exactly that message.
OFFSCREEN_WARNING = "This plugin does not support propagateSizeHints"


def double_click(qtbot, widget, pos) -> None:  # type: ignore[no-untyped-def]
    """A real double-click: Qt 6's QTest.mouseDClick alone lacks the first press/release."""
    from PySide6.QtCore import Qt

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)
