"""Issue 12 items 6 and 8: the consensus dialog shows rating disagreements and asks for a
choice per scale; its columns are not clipped."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from interactioncoder.reliability.consensus import ConsensusChoice
from interactioncoder.reliability.disagreements import Disagreement, DisagreementKind
from interactioncoder.ui.reliability.consensus_dialog import ConsensusDialog
from interactioncoder.workflow.consensus_ratings import RatingItem

RATINGS = [
    RatingItem("sens", "Maternal sensitivity", None, "", 5, 6),
    RatingItem("with", "Withdrawal", None, "", 2, 2),
    RatingItem("sens", "Maternal sensitivity", 7, "still-face, frames 100-159", None, 3),
]


def disagreement() -> Disagreement:
    import dataclasses

    fields = {f.name for f in dataclasses.fields(Disagreement)}
    values: dict[str, object] = {
        "session_id": "1",
        "variable_id": "gaze",
        "start_frame": 30,
        "end_frame": 40,
        "start_ms": 1200.0,
        "end_ms": 1600.0,
        "code_a": "mother",
        "code_b": "away",
        "kind": next(iter(DisagreementKind)),
    }
    return Disagreement(**{k: v for k, v in values.items() if k in fields})  # type: ignore[arg-type]


def test_rating_disagreements_are_shown_and_must_be_decided(qtbot: QtBot) -> None:
    dialog = ConsensusDialog(
        [disagreement()],
        {"gaze": "Infant gaze", "mother": "Mother", "away": "Away"},
        "Ann",
        "Ben",
        "D01/home",
        ratings=RATINGS,
        scale_values={"sens": range(1, 10), "with": range(0, 5)},
    )
    qtbot.addWidget(dialog)
    dialog.show()
    tree = dialog.rating_tree
    assert tree.isVisible() and tree.topLevelItemCount() == 3
    texts = [[tree.topLevelItem(i).text(c) for c in range(4)] for i in range(3)]
    assert texts[0][:3] == ["Maternal sensitivity", "5", "6"]
    assert texts[1][3] == "2 (agreed)"
    assert texts[2][0] == "Maternal sensitivity (still-face, frames 100-159)"
    assert set(dialog.rating_boxes) == {("sens", None), ("sens", 7)}
    qtbot.keyClick(dialog, Qt.Key.Key_A)  # the event disagreement
    assert dialog.choices == [ConsensusChoice.A]
    assert not dialog.ok.isEnabled()  # ratings still open
    assert "ratings: 0 of 2 decided" in dialog.status.text()
    dialog.set_rating_choice(("sens", None), "B")
    dialog.set_rating_choice(("sens", 7), 4)
    assert dialog.ok.isEnabled()
    assert dialog.rating_choices() == {("sens", None): "B", ("sens", 7): 4}
    # item 8: no column of either list is clipped
    for view in (dialog.tree, tree):
        header = view.header()
        for col in range(view.columnCount()):
            for row in range(view.topLevelItemCount()):
                text = view.topLevelItem(row).text(col)
                need = view.fontMetrics().horizontalAdvance(text)
                assert header.sectionSize(col) >= need, (col, text)
