"""Going through the disagreements of one session, choosing per item whose coding is right.

Keys: A (coder A), B (coder B), O (both, where allowed), N (neither); each choice moves on
to the next item. Up/Down (or the arrows Left/Right) move without choosing. The dialog
is accepted only when every item has a choice. ``itemShown(index)`` says which item is
current, so the owner can show it on the timelines and seek the player there.

Below, the ratings: both coders' values per scale (and segment); where they disagree the
PI picks A's, B's or a value of their own (rules: ``workflow.consensus_ratings``), and the
dialog is accepted only when each of those has a choice too.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.timefmt import format_timecode
from interactioncoder.reliability.consensus import ConsensusChoice, both_allowed
from interactioncoder.reliability.disagreements import Disagreement
from interactioncoder.workflow.consensus_ratings import RatingChoice, RatingItem, RatingKey

KEYS = {
    Qt.Key.Key_A: ConsensusChoice.A,
    Qt.Key.Key_B: ConsensusChoice.B,
    Qt.Key.Key_O: ConsensusChoice.BOTH,
    Qt.Key.Key_N: ConsensusChoice.NEITHER,
}
_SHOWN = {
    ConsensusChoice.A: "A",
    ConsensusChoice.B: "B",
    ConsensusChoice.BOTH: "both",
    ConsensusChoice.NEITHER: "neither",
}


class ConsensusDialog(QDialog):
    itemShown = Signal(int)  # noqa: N815 (Qt naming): index into items

    def __init__(
        self,
        items: Sequence[Disagreement],
        names: dict[str, str],
        coder_a: str,
        coder_b: str,
        session_label: str,
        parent: QWidget | None = None,
        ratings: Sequence[RatingItem] = (),
        scale_values: dict[str, range] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Consensus coding: {session_label}")
        self.items = list(items)
        self.choices: list[ConsensusChoice | None] = [None] * len(self.items)
        self.names = names
        self.coder_a, self.coder_b = coder_a, coder_b
        self.help = QLabel(
            f"For each disagreement choose whose coding the consensus keeps: "
            f"<b>A</b> = {coder_a}, <b>B</b> = {coder_b}, <b>O</b> = both (where they "
            "do not compete), <b>N</b> = neither. ↑/↓ move.",
            self,
        )
        self.help.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(
            ["#", "Start", "Frames", "Variable", f"A: {coder_a}", f"B: {coder_b}", "Kind", "Choice"]
        )
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the dialog
        for i, d in enumerate(self.items):
            last = max(d.start_frame, d.end_frame - 1)
            QTreeWidgetItem(
                self.tree,
                [
                    str(i + 1),
                    format_timecode(d.start_ms),
                    f"{d.start_frame}–{last}",
                    names.get(d.variable_id, d.variable_id),
                    self._name(d.code_a),
                    self._name(d.code_b),
                    d.kind.value,
                    "",
                ],
            )
        self.tree.currentItemChanged.connect(self._on_current)
        buttons = QHBoxLayout()
        self.choice_buttons: dict[ConsensusChoice, QPushButton] = {}
        for choice, text in (
            (ConsensusChoice.A, f"&A: {coder_a}"),
            (ConsensusChoice.B, f"&B: {coder_b}"),
            (ConsensusChoice.BOTH, "B&oth"),
            (ConsensusChoice.NEITHER, "&Neither"),
        ):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, c=choice: self.choose(c))
            buttons.addWidget(button)
            self.choice_buttons[choice] = button
        self.ratings = list(ratings)
        self.rating_boxes: dict[RatingKey, QComboBox] = {}
        self.rating_tree = self._rating_tree(scale_values or {})
        self.status = QLabel(self)
        self.box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Create consensus coding")
        self.ok.setAutoDefault(False)
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        if self.ratings:
            layout.addWidget(QLabel("<b>Ratings</b> (disagreements: choose A, B or a value)"))
            layout.addWidget(self.rating_tree)
        else:
            self.rating_tree.hide()
        layout.addWidget(self.status)
        layout.addWidget(self.box)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in range(self.tree.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.resize(960, 560 if self.ratings else 420)
        if self.items:
            self._go(0)
        self._update()

    def _rating_tree(self, scale_values: dict[str, range]) -> QTreeWidget:
        tree = QTreeWidget(self)
        tree.setRootIsDecorated(False)
        tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tree.setHeaderLabels(["Scale", f"A: {self.coder_a}", f"B: {self.coder_b}", "Consensus"])
        for r in self.ratings:
            shown = [r.label, _value(r.value_a), _value(r.value_b)]
            item = QTreeWidgetItem(tree, [*shown, f"{_value(r.value_a)} (agreed)"])
            if r.agreed:
                continue
            item.setText(3, "")
            for column in (1, 2):
                font = item.font(column)
                font.setBold(True)
                item.setFont(column, font)
            box = QComboBox(tree)
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # A/B keys stay with the events
            box.addItem("— choose —", None)
            box.addItem(f"A: {_value(r.value_a)}", "A")
            box.addItem(f"B: {_value(r.value_b)}", "B")
            for v in scale_values.get(r.scale_id, range(0)):
                box.addItem(str(v), v)
            box.addItem("leave empty", "")
            box.currentIndexChanged.connect(lambda _i: self._update())
            tree.setItemWidget(item, 3, box)
            self.rating_boxes[r.key] = box
        header = tree.header()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        tree.setMinimumHeight(min(220, 40 + 26 * len(self.ratings)))
        return tree

    def set_rating_choice(self, key: RatingKey, choice: RatingChoice) -> None:
        box = self.rating_boxes[key]
        index = box.findData("" if choice is None else choice)
        box.setCurrentIndex(max(0, index))

    def rating_choices(self) -> dict[RatingKey, RatingChoice]:
        """The PI's choice per rating disagreement ("A", "B", a value, or None: empty)."""
        out: dict[RatingKey, RatingChoice] = {}
        for key, box in self.rating_boxes.items():
            data = box.currentData()
            if data is None:
                raise ValueError("not every rating disagreement has a choice yet")
            out[key] = None if data == "" else data
        return out

    def _ratings_open(self) -> int:
        return sum(box.currentData() is None for box in self.rating_boxes.values())

    def _name(self, code: str | None) -> str:
        return "—" if code is None else self.names.get(code, code)

    # -- navigation and choices ----------------------------------------------------------
    @property
    def current(self) -> int:
        item = self.tree.currentItem()
        return self.tree.indexOfTopLevelItem(item) if item is not None else -1

    def _go(self, row: int) -> None:
        item = self.tree.topLevelItem(row)
        if item is not None:
            self.tree.setCurrentItem(item)

    def step(self, by: int) -> None:
        if self.items:
            self._go(min(len(self.items) - 1, max(0, self.current + by)))

    def choose(self, choice: ConsensusChoice) -> None:
        row = self.current
        if row < 0:
            return
        if choice is ConsensusChoice.BOTH and not both_allowed(self.items[row]):
            self.status.setText("Both codes cannot be kept: they exclude each other.")
            return
        self.choices[row] = choice
        item = self.tree.topLevelItem(row)
        if item is not None:
            item.setText(7, _SHOWN[choice])
        nxt = next((i for i in range(row + 1, len(self.items)) if self.choices[i] is None), None)
        if nxt is None:
            nxt = next((i for i, c in enumerate(self.choices) if c is None), row)
        self._go(nxt)
        self._update()

    def _on_current(self, *_: object) -> None:
        row = self.current
        if 0 <= row < len(self.items):
            self.choice_buttons[ConsensusChoice.BOTH].setEnabled(both_allowed(self.items[row]))
            self.itemShown.emit(row)

    def _update(self) -> None:
        if not hasattr(self, "ok"):
            return
        done = sum(c is not None for c in self.choices)
        open_ratings = self._ratings_open()
        self.ok.setEnabled(done == len(self.items) and open_ratings == 0)
        if not self.status.text().startswith("Both") or done == len(self.items):
            text = f"{done} of {len(self.items)} decided"
            if self.rating_boxes:
                decided = len(self.rating_boxes) - open_ratings
                text += f"; ratings: {decided} of {len(self.rating_boxes)} decided"
            self.status.setText(text)

    def all_choices(self) -> list[ConsensusChoice]:
        if any(c is None for c in self.choices):
            raise ValueError("not every disagreement has a choice yet")
        return [c for c in self.choices if c is not None]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
        elif key in KEYS:
            self.choose(KEYS[key])
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Right):
            self.step(1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Left):
            self.step(-1)
        else:
            super().keyPressEvent(event)


def _value(value: int | None) -> str:
    return "—" if value is None else str(value)
