"""The reliability view: agreement numbers, confusion matrices, and where the coders disagree.

For a project and some sessions it compares two codings per session (by default each
session's primary and reliability coding; or two named coders), computes agreement in a
worker thread (progress dialog with Cancel; never on the GUI thread) and shows:

- the agreement table (time-unit and event-based side by side, Landis & Koch as extra
  columns), pooled / per session / per segment;
- the confusion matrices (time-unit and event) of the selected table row;
- the disagreements; selecting one emits ``seekRequested(session_id, frame)`` and marks the
  stretch on the two coders' timelines (one lane above the other under each code);
- for a PI, "Create consensus coding…" (see :mod:`.consensus_flow`);
- Save report… (HTML/CSV) and, for a PI, Draw share… (see :mod:`.report_actions`).

The main window connects ``seekRequested`` to its player and may call
:meth:`ReliabilityView.set_playhead` when its player moves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.project import Coder
from interactioncoder.exchange.reliability_data import PairedSession
from interactioncoder.reliability.alignment import AlignmentParams
from interactioncoder.reliability.analysis import AnalysisParams
from interactioncoder.reliability.disagreements import Disagreement
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.dialogs.progress import ProgressOperation, run_with_progress
from interactioncoder.ui.reliability.compute import ComputeRequest, ComputeResult, compute
from interactioncoder.ui.reliability.confusion_view import ConfusionMatrixView
from interactioncoder.ui.reliability.consensus_flow import ConsensusFlow
from interactioncoder.ui.reliability.disagreement_model import DisagreementModel
from interactioncoder.ui.reliability.ratings_model import RatingsModel
from interactioncoder.ui.reliability.report_actions import add_report_buttons, failure_text
from interactioncoder.ui.reliability.stats_model import Scope, StatRow, StatsModel, stat_rows
from interactioncoder.ui.reliability.widgets import add_undo_actions, row_table, spin
from interactioncoder.ui.timeline import TimelineWidget
from interactioncoder.workflow.disagreements import filter_disagreements, stretch_view

DEFAULT_PAIR = "Primary vs reliability coding"
METHODS = ("time-unit", "event", "all")


class ReliabilityView(QWidget):
    seekRequested = Signal(int, int)  # noqa: N815 (Qt naming): session id, master frame
    computed = Signal()
    failed = Signal(str)
    consensusCreated = Signal(int)  # noqa: N815 (Qt naming): the new coding's id
    codingChanged = Signal(int)  # noqa: N815 (Qt naming): a coding stored, undone or redone

    def __init__(
        self,
        repo: ProjectRepository,
        session_ids: Sequence[int] | None = None,
        current_coder: Coder | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo = repo
        self.session_ids = tuple(session_ids) if session_ids is not None else None
        self.current_coder = current_coder
        self.result: ComputeResult | None = None
        self.operation: ProgressOperation | None = None
        self.shown_session: PairedSession | None = None
        self.session_labels: dict[str, str] = {}
        # The session the owner's player shows (None: none); see follow_player().
        self.player_session: Callable[[], int | None] = lambda: None
        self.names: dict[str, str] = {}
        self.setWindowTitle("Reliability")
        self.undo_stack = QUndoStack(self)  # the consensus, one step
        add_undo_actions(self, self.undo_stack)
        self.consensus = ConsensusFlow(self, self)
        self._build_controls()
        self.save_report_button, self.draw_share_button = add_report_buttons(self)
        self._build_body()
        self._fill_pairs()
        self.resize(1280, 860)

    # -- layout -------------------------------------------------------------------------
    def _build_controls(self) -> None:
        self.pair_box = QComboBox(self)
        self.unit_box = QComboBox(self)
        self.unit_box.addItems(["frame", "seconds"])
        self.unit_seconds = spin(1.0, 0.04, 60.0, 0.5, " s", "length of one time unit")
        self.unit_seconds.setEnabled(False)
        self.unit_box.currentIndexChanged.connect(lambda i: self.unit_seconds.setEnabled(i == 1))
        self.tolerance = spin(0.0, 0.0, 10.0, 0.1, " s", "time-unit tolerance window ±s")
        self.onset_tolerance = spin(2.0, 0.0, 30.0, 0.5, " s", "event onsets paired within ±s")
        self.overlap = spin(0.0, 0.0, 1.0, 0.1, "", "states paired when overlap/union ≥ this")
        self.overlap.setSpecialValueText("off")
        self.compute_button = QPushButton("Compute", self)
        self.compute_button.clicked.connect(self.start)
        self.scope_box = QComboBox(self)
        self.scope_box.addItems([s.value for s in Scope])
        self.scope_box.currentIndexChanged.connect(self._show_stats)
        row = QHBoxLayout()
        for label, widget in (
            ("Compare", self.pair_box),
            ("Unit", self.unit_box),
            ("", self.unit_seconds),
            ("Tolerance ±", self.tolerance),
            ("Event onsets ±", self.onset_tolerance),
            ("Overlap ≥", self.overlap),
        ):
            if label:
                row.addWidget(QLabel(label, self))
            row.addWidget(widget)
        row.addWidget(self.compute_button)
        row.addStretch(1)
        row.addWidget(QLabel("Show", self))
        row.addWidget(self.scope_box)
        self.controls = row

    def _build_body(self) -> None:
        self.stats_model = StatsModel()
        self.stats = row_table(self, self.stats_model, ((1, 150), (2, 170)))
        self.stats.selectionModel().selectionChanged.connect(self._on_stat_selected)
        self.unit_matrix = ConfusionMatrixView("Time-unit confusion matrix", self)
        self.event_matrix = ConfusionMatrixView("Event confusion matrix", self)
        matrices = QSplitter(Qt.Orientation.Vertical, self)
        matrices.addWidget(self.unit_matrix)
        matrices.addWidget(self.event_matrix)

        self.method_box = QComboBox(self)
        self.method_box.addItems(METHODS)
        self.hide_forgiven = QCheckBox("Hide those within tolerance", self)
        self.only_selected = QCheckBox("Only the selected group", self)
        for w in (self.method_box, self.hide_forgiven, self.only_selected):
            signal = w.currentIndexChanged if isinstance(w, QComboBox) else w.toggled
            signal.connect(self._show_disagreements)
        self.disagreement_count = QLabel(self)
        self.consensus_button = QPushButton("Create consensus coding…", self)
        self.consensus_button.clicked.connect(self.consensus.start)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Disagreements", self))
        filters.addWidget(self.method_box)
        filters.addWidget(self.hide_forgiven)
        filters.addWidget(self.only_selected)
        filters.addWidget(self.disagreement_count)
        filters.addStretch(1)
        filters.addWidget(self.consensus_button)
        self.disagreement_model = DisagreementModel()
        widths = ((0, 110), (4, 130), (5, 130), (6, 130))
        self.disagreements = row_table(self, self.disagreement_model, widths)
        self.disagreements.selectionModel().selectionChanged.connect(self._on_disagreement)
        middle = QWidget(self)
        box = QVBoxLayout(middle)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(filters)
        box.addWidget(self.disagreements, 1)

        self.timeline_label = QLabel(self)
        self.timeline = TimelineWidget(self)
        self.timeline.set_read_only(True)
        self.timeline.seekRequested.connect(self._on_timeline_seek)
        bottom = QWidget(self)
        tl = QVBoxLayout(bottom)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.timeline_label)
        tl.addWidget(self.timeline, 1)

        body = QSplitter(Qt.Orientation.Vertical, self)
        # Numbers over the full width; below them the disagreements beside the matrices
        # of the selected row; the two coders' timelines at the bottom.
        middle_row = QSplitter(Qt.Orientation.Horizontal, self)
        middle_row.addWidget(middle)
        middle_row.addWidget(matrices)
        middle_row.setStretchFactor(0, 3)
        middle_row.setStretchFactor(1, 2)
        middle_row.setSizes([900, 600])
        self.ratings_model = RatingsModel()
        # rating agreement (ICC, weighted kappa, alpha): the HTML report's rows
        self.ratings = row_table(self, self.ratings_model, selectable=False)
        self.ratings.setVisible(False)
        numbers = QSplitter(Qt.Orientation.Horizontal, self)
        numbers.addWidget(self.stats)
        numbers.addWidget(self.ratings)
        numbers.setSizes([1000, 500])
        body.addWidget(numbers)
        body.addWidget(middle_row)
        body.addWidget(bottom)
        body.setSizes([260, 260, 420])
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.controls)
        layout.addWidget(body, 1)
        layout.addWidget(self.status)

    def _fill_pairs(self) -> None:
        self.pair_box.clear()
        self.pair_box.addItem(DEFAULT_PAIR, None)
        coders = sorted(self.repo.list_coders(), key=lambda c: c.name.lower())
        for a, b in combinations(coders, 2):
            self.pair_box.addItem(f"{a.name} vs {b.name}", (a.id, b.id))
        pi = self.current_coder is not None and self.current_coder.is_pi
        self.consensus_button.setEnabled(False)
        self.consensus_button.setVisible(pi)

    # -- computing ------------------------------------------------------------------------
    def request(self) -> ComputeRequest:
        overlap = self.overlap.value()
        params = AnalysisParams(
            unit_seconds=self.unit_seconds.value() if self.unit_box.currentIndex() == 1 else None,
            tolerance_s=self.tolerance.value(),
            event=AlignmentParams(
                onset_tolerance_s=self.onset_tolerance.value(),
                min_overlap=overlap if overlap > 0 else None,
            ),
        )
        return ComputeRequest(self.session_ids, self.pair_box.currentData(), params)

    def start(self) -> ProgressOperation | None:
        """Compute in the background; ``computed`` (or ``failed``) when done."""
        if self.operation is not None and self.operation.is_running:
            return self.operation
        request = self.request()
        repo = self.repo
        self.compute_button.setEnabled(False)
        self.status.setText("Computing…")
        op = run_with_progress(
            self, "Computing agreement", lambda progress, _cancel: compute(repo, request, progress)
        )
        op.succeeded.connect(self._on_result)
        op.failed.connect(self._on_failed)
        op.cancelled.connect(lambda: self._on_failed("Cancelled."))
        self.operation = op
        return op

    def _on_failed(self, message: str, exc: object = None) -> None:
        self.compute_button.setEnabled(True)
        self.status.setText(failure_text(message, exc))  # "no pairs": what to do instead
        self.failed.emit(message)

    def _on_result(self, result: object) -> None:
        assert isinstance(result, ComputeResult)
        self.compute_button.setEnabled(True)
        self.save_report_button.setEnabled(True)
        self.result = result
        data = result.data
        self.session_labels = {str(s.session_id): s.label for s in data.sessions}
        self.names = {c.id: c.name for c in data.codebook.codes()}
        self.names.update({g.id: g.name for g in data.codebook.groups})
        self.timeline.set_codebook(data.codebook)
        a, b = data.labels
        self.unit_matrix.title.setText(
            f"Time-unit ({result.report.params.unit_label}) — rows {a} (A), columns {b} (B)"
        )
        self.event_matrix.title.setText(f"Event — rows {a} (A), columns {b} (B)")
        warnings = result.report.warnings  # the data's warnings included
        self.status.setText(
            f"{len(data.sessions)} session(s), {a} vs {b}; {result.report.event_rule}"
            + ("\n" + "\n".join(warnings) if warnings else "")
        )
        self._show_stats()
        self.ratings_model.set_report(result.report)
        self.ratings.setVisible(bool(result.report.ratings))
        self.show_session(data.sessions[0])
        self._show_disagreements()
        self.computed.emit()

    # -- showing ----------------------------------------------------------------------------
    def _show_stats(self) -> None:
        if self.result is None:
            return
        scope = Scope(self.scope_box.currentText())
        rows = stat_rows(self.result.report, scope, self.session_labels)
        self.stats_model.set_rows(rows, self.names)
        if rows:
            self.stats.selectRow(0)

    def selected_stat(self) -> StatRow | None:
        rows = self.stats.selectionModel().selectedRows()
        return self.stats_model.rows[rows[0].row()] if rows else None

    def _on_stat_selected(self, *_: QItemSelection) -> None:
        row = self.selected_stat()
        if self.result is None:
            return
        if row is not None and row.session_id is not None:
            shown = self.shown_session
            if shown is None or str(shown.session_id) != row.session_id:
                self.show_session(self.result.data.session(row.session_id))
        a, b = self.result.data.labels
        self.unit_matrix.set_matrix(
            row.unit_matrix if row else None, self.names, a, b, "No time-unit matrix for a group "
            "whose codes are separate present/absent variables: pick a code."
        )  # fmt: skip
        self.event_matrix.set_matrix(row.event_matrix if row else None, self.names, a, b)
        if self.only_selected.isChecked():
            self._show_disagreements()

    def visible_disagreements(self) -> list[Disagreement]:
        if self.result is None:
            return []
        row = self.selected_stat()
        return filter_disagreements(
            self.result.report.disagreements,
            self.result.data.codebook,
            method=self.method_box.currentText(),
            hide_within_tolerance=self.hide_forgiven.isChecked(),
            group_id=row.group_id if self.only_selected.isChecked() and row else None,
            session_labels=self.session_labels,
        )

    def _show_disagreements(self) -> None:
        items = self.visible_disagreements()
        self.disagreement_model.set_items(items, self.session_labels, self.names)
        total = len(self.result.report.disagreements) if self.result else 0
        self.disagreement_count.setText(f"{len(items)} shown of {total}")

    def show_session(self, session: PairedSession) -> None:
        """Both coders' codings of *session* on the timeline, one lane above the other."""
        self.shown_session = session
        name_a, name_b = session.coder_names()
        self.timeline.set_timebase(session.timebase)
        self.timeline.set_events([])
        self.timeline.set_segments(list(session.data.segments))
        self.timeline.set_comparison(
            [(f"A: {name_a}", session.events_a), (f"B: {name_b}", session.events_b)]
        )
        self.timeline.clear_highlight()
        self.timeline.zoom_to_fit()
        self.timeline_label.setText(
            f"{session.label}: A = {name_a} ({session.coding_a.coding.role.value}), "
            f"B = {name_b} ({session.coding_b.coding.role.value})"
        )
        self.consensus_button.setEnabled(
            self.current_coder is not None and self.current_coder.is_pi
        )

    def _on_disagreement(self, *_: QItemSelection) -> None:
        rows = self.disagreements.selectionModel().selectedRows()
        if not rows or self.result is None:
            return
        d = self.disagreement_model.item(rows[0].row())
        self.select_disagreement(d)

    def select_disagreement(self, d: Disagreement) -> None:
        assert self.result is not None
        self.show_stretch(self.result.data.session(d.session_id), d)

    def show_stretch(self, session: PairedSession, d: Disagreement) -> None:
        """Mark *d* on the timelines (with context around it) and seek the player there."""
        if self.shown_session is None or self.shown_session.session_id != session.session_id:
            self.show_session(session)
        first, end, last = stretch_view(session.timebase, d)  # the stretch with context
        self.timeline.set_highlight(d.start_frame, last)
        self.timeline.zoom_to(first, end)
        self._scroll_to_code(d.code_a or d.code_b)
        self.timeline.set_playhead(d.start_frame)
        self.seekRequested.emit(session.session_id, d.start_frame)

    def _scroll_to_code(self, code_id: str | None) -> None:
        """Scroll the timelines vertically so the code's rows (A and B lanes) are in view."""
        rows = self.timeline.rows_for(code_id) if code_id else []
        if not rows:
            return
        top = self.timeline.row_screen_y(rows[0])
        bottom = self.timeline.row_screen_y(rows[-1]) + rows[-1].height
        if top < 0 or bottom > self.timeline.rows_bottom():
            bar = self.timeline.vbar
            bar.setValue(max(bar.minimum(), min(bar.maximum(), int(rows[0].y) - 40)))

    def _on_timeline_seek(self, frame: int) -> None:
        if self.shown_session is None:
            return
        self.timeline.set_playhead(frame)
        self.seekRequested.emit(self.shown_session.session_id, frame)

    def set_playhead(self, session_id: int, frame: int) -> None:
        """Follow the main window's player (ignored for a session not shown)."""
        if self.shown_session is not None and self.shown_session.session_id == session_id:
            self.timeline.set_playhead(frame)

    def follow_player(self, frame: int) -> None:
        """Slot for the player's frame signal; ``player_session()`` says which session plays.

        A bound method of this QObject, so Qt drops the connection when the view closes.
        """
        session_id = self.player_session()
        if session_id is not None:
            self.set_playhead(session_id, frame)
