"""Ratings panel: global (per-session) and per-segment rating scales, with live totals.

Usage::

    panel = RatingsPanel(codebook)
    panel.set_segments(repo.list_segments(session_id))   # columns of per-segment scales
    panel.set_ratings(repo.list_ratings(coding_id))      # silent: emits nothing
    panel.ratingChanged.connect(main_window.set_rating)  # (scale_id, value|None, segment_id|None)

Session-scope scales are rows of radio buttons (the anchor label of the chosen value is
shown under them, all anchors in tooltips); segment-scope scales get one compact combo per
segment. Each of the codebook's ``ScaleTotal`` s is summed live; the rule (partial totals
shown as partial, the cut-off judged on complete totals only) is
:mod:`interactioncoder.core.rating_totals`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.codebook import Codebook, RatingScale, ScaleScope, ScaleTotal
from interactioncoder.core.project import Rating, Segment
from interactioncoder.core.rating_totals import RatingKey, TotalResult, compute_total
from interactioncoder.ui.panels.rating_inputs import (
    ComboScaleInput,
    RadioScaleInput,
    SpinScaleInput,
    anchors_tooltip,
    input_changed_signal,
    make_scale_input,
)
from interactioncoder.ui.theme import ALERT_COLOR, badge_style

ScaleInput = RadioScaleInput | ComboScaleInput | SpinScaleInput


class RatingsPanel(QWidget):
    """Rating inputs for one coding, built from the codebook's rating scales.

    Signals:
        ratingChanged(str scale_id, object value_or_None, object segment_id_or_None):
            the user set or cleared a rating.
    """

    ratingChanged = Signal(str, object, object)  # noqa: N815 (Qt naming)

    def __init__(self, codebook: Codebook | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._codebook: Codebook | None = codebook
        self._segments: list[Segment] = []
        self._values: dict[RatingKey, int] = {}
        self._inputs: dict[RatingKey, ScaleInput] = {}
        self._total_labels: list[tuple[ScaleTotal, int | None, QLabel]] = []

        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The totals stay in view above the scrolling items: they are the live feedback.
        self._totals_holder = QVBoxLayout()
        self._totals_holder.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(self._totals_holder)
        layout.addWidget(self._scroll)
        self._rebuild()

    # -- API ---------------------------------------------------------------------------
    def set_codebook(self, codebook: Codebook | None) -> None:
        self._codebook = codebook
        self._values.clear()
        self._rebuild()

    def set_segments(self, segments: Sequence[Segment]) -> None:
        """The session's segments: one column per segment for segment-scope scales."""
        self._segments = sorted(segments, key=lambda s: s.onset_frame)
        known = {s.id for s in self._segments}
        self._values = {k: v for k, v in self._values.items() if k[1] is None or k[1] in known}
        self._rebuild()

    def set_ratings(self, ratings: Iterable[Rating]) -> None:
        """Show stored ratings (replacing all shown values); emits nothing."""
        self._values = {(r.scale_id, r.segment_id): r.value for r in ratings}
        for key, widget in self._inputs.items():
            widget.set_value(self._values.get(key))
        self._update_totals()

    def values(self) -> dict[RatingKey, int]:
        return dict(self._values)

    def totals(self) -> list[TotalResult]:
        return [compute_total(t, self._values, seg) for t, seg, _ in self._total_labels]

    def total_texts(self) -> list[str]:
        return [label.text() for _, _, label in self._total_labels]

    def input_for(self, scale_id: str, segment_id: int | None = None) -> ScaleInput:
        return self._inputs[(scale_id, segment_id)]

    # -- building ----------------------------------------------------------------------
    def _rebuild(self) -> None:
        self._inputs.clear()
        self._total_labels.clear()
        while self._totals_holder.count():
            item = self._totals_holder.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        content = QWidget()
        outer = QVBoxLayout(content)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.setSpacing(8)
        cb = self._codebook
        if cb is None or not cb.scales:
            note = QLabel("This codebook has no rating scales.", content)
            note.setEnabled(False)
            outer.addWidget(note)
        else:
            subjects = {s.id: s.name for s in cb.subjects}
            session_scales = [s for s in cb.scales if s.scope is ScaleScope.SESSION]
            segment_scales = [s for s in cb.scales if s.scope is ScaleScope.SEGMENT]
            for subject in dict.fromkeys(s.subject for s in session_scales):
                scales = [s for s in session_scales if s.subject == subject]
                title = f"{subjects.get(subject, subject)} – global ratings"
                outer.addWidget(self._session_box(title, scales, content))
            if segment_scales:
                outer.addWidget(self._segment_box(segment_scales, content))
            if cb.totals:
                self._totals_holder.addWidget(self._totals_box(cb, self))
        outer.addStretch(1)
        self._scroll.setWidget(content)
        self._update_totals()

    def _session_box(self, title: str, scales: Sequence[RatingScale], parent: QWidget) -> QGroupBox:
        # Name above the values: long item names ("Withdrawal 8: how inviting contact
        # feels") beside a row of nine radios would not fit a dock.
        box = QGroupBox(title, parent)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(2)
        for scale in scales:
            name = QLabel(f"<b>{html.escape(scale.name)}</b>", box)
            name.setToolTip(anchors_tooltip(scale))
            widget = make_scale_input(scale, compact=False, parent=box)
            self._register(scale, None, widget)
            form.addRow(name, widget)
        return box

    def _segment_box(self, scales: Sequence[RatingScale], parent: QWidget) -> QGroupBox:
        box = QGroupBox("Per-segment ratings", parent)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(8)
        if not self._segments:
            note = QLabel("No segments in this session yet: mark segments to rate them.", box)
            note.setWordWrap(True)
            note.setEnabled(False)
            grid.addWidget(note, 0, 0)
            return box
        for col, segment in enumerate(self._segments, start=1):
            header = QLabel(f"<b>{segment.name}</b>", box)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(header, 0, col)
        for row, scale in enumerate(scales, start=1):
            name = QLabel(scale.name, box)
            name.setWordWrap(True)  # a long name wraps rather than squeezing the values
            name.setToolTip(anchors_tooltip(scale))
            grid.addWidget(name, row, 0)
            for col, segment in enumerate(self._segments, start=1):
                widget = make_scale_input(scale, compact=True, parent=box)
                self._register(scale, segment.id, widget)
                grid.addWidget(widget, row, col)
        grid.setColumnStretch(len(self._segments) + 1, 1)
        return box

    def _totals_box(self, cb: Codebook, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Totals", parent)
        layout = QVBoxLayout(box)
        for total in cb.totals:
            scopes = {cb.scale(s).scope for s in total.scales if _has_scale(cb, s)}
            segment_ids: list[int | None] = [None]
            if scopes == {ScaleScope.SEGMENT}:
                segment_ids = [s.id for s in self._segments]
            for segment_id in segment_ids:
                label = QLabel(box)
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
                layout.addWidget(label)
                self._total_labels.append((total, segment_id, label))
        return box

    def _register(self, scale: RatingScale, segment_id: int | None, widget: ScaleInput) -> None:
        key = (scale.id, segment_id)
        self._inputs[key] = widget
        widget.set_value(self._values.get(key))
        input_changed_signal(widget).connect(lambda value, k=key: self._on_input(k, value))

    # -- reacting ----------------------------------------------------------------------
    def _on_input(self, key: RatingKey, value: int | None) -> None:
        if value is None:
            self._values.pop(key, None)
        else:
            self._values[key] = int(value)
        self._update_totals()
        self.ratingChanged.emit(key[0], value, key[1])

    def _update_totals(self) -> None:
        names = {s.id: s.name for s in self._segments}
        for total, segment_id, label in self._total_labels:
            result = compute_total(total, self._values, segment_id)
            label.setText(result.text(names.get(segment_id, "") if segment_id else ""))
            label.setToolTip(result.tooltip())
            label.setStyleSheet(badge_style(ALERT_COLOR) if result.above_cutoff else "")
            label.setProperty("aboveCutoff", result.above_cutoff)


def _has_scale(cb: Codebook, scale_id: str) -> bool:
    return any(s.id == scale_id for s in cb.scales)
