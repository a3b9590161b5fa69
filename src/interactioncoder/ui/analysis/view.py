"""The Analysis view: parameters, a results table, and the instances behind a row.

It runs one analysis of :mod:`interactioncoder.workflow.analysis` on a project (loading
and computing in a worker thread behind a cancellable progress dialog, never on the GUI
thread) and shows its tidy records. Selecting a row lists its instances (the events and
frames behind the number); selecting an instance emits ``seekRequested(session_id,
frame)`` so the main window can seek its player there, and ``instanceSelected(session_id,
start_frame, end_frame, event_ids)`` so it can highlight the events on the timeline. No
rules live here: the view only collects parameters and shows results.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.analysis.lag import LagSpec
from interactioncoder.analysis.latency import LatencySpec
from interactioncoder.analysis.timeline import Instance
from interactioncoder.analysis.window import TargetMode, WindowSpec
from interactioncoder.storage import ProjectRepository
from interactioncoder.ui.dialogs.progress import ProgressOperation, run_with_progress
from interactioncoder.workflow.analysis import (
    AnalysisData,
    AnalysisOutput,
    load_analysis_data,
    run_cooccurrence,
    run_lag,
    run_latency,
    run_match,
    run_phases,
    run_ratings,
    run_window,
)

KINDS = ("window", "latency", "phases", "lag", "cooccurrence", "match", "ratings")
AnyIndex = QModelIndex | QPersistentModelIndex


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:.0f}" if value.is_integer() else f"{value:.3f}"
    return str(value)


class RecordsModel(QAbstractTableModel):
    """Read-only table of an analysis's records (session id column hidden)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: list[dict[str, Any]] = []
        self.columns: list[str] = []

    def set_records(self, records: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.records = records
        self.columns = [c for c in records[0] if c != "session_id"] if records else []
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt default)
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return _cell(self.records[index.row()][self.columns[index.column()]])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].replace("_", " ")
        return None


class AnalysisView(QWidget):
    seekRequested = Signal(int, int)  # noqa: N815 (Qt naming): session id, master frame
    # session id, first frame, frame after the last, the event ids to highlight
    instanceSelected = Signal(int, int, int, list)  # noqa: N815 (Qt naming)
    computed = Signal()
    failed = Signal(str)

    def __init__(self, repo: ProjectRepository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.data: AnalysisData | None = None
        self.output: AnalysisOutput | None = None
        self.operation: ProgressOperation | None = None
        self._build()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.kind = QComboBox()
        self.kind.addItems(KINDS)
        self.given = QComboBox()
        self.target = QComboBox()
        for box in (self.given, self.target):
            box.setEditable(True)
        self.window_from = self._seconds(0.0, -60.0)
        self.window_to = self._seconds(3.0, -60.0)
        self.within = self._seconds(2.0, 0.1)
        self.target_onsets = QCheckBox("Target onsets only")
        self.by_phase = QCheckBox("Per phase (segment)")
        self.by_phase.setChecked(True)
        self.permutations = QSpinBox()
        self.permutations.setRange(0, 100_000)
        self.permutations.setValue(1000)
        self.run_button = QPushButton("Run")
        self.run_button.clicked.connect(self.start)
        form = QFormLayout()
        form.addRow("Analysis", self.kind)
        form.addRow("Given code (A)", self.given)
        form.addRow("Target code (B)", self.target)
        window = QHBoxLayout()
        window.addWidget(self.window_from)
        window.addWidget(QLabel("to"))
        window.addWidget(self.window_to)
        form.addRow("Window / max latency", window)
        form.addRow("Answered within", self.within)
        form.addRow("Randomisations", self.permutations)
        form.addRow(self.target_onsets)
        form.addRow(self.by_phase)
        form.addRow(self.run_button)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.model = RecordsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(self._on_row)
        self.instances = QListWidget()
        self.instances.currentItemChanged.connect(self._on_instance)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.instances)
        left = QWidget()
        controls = QVBoxLayout(left)
        controls.addLayout(form)
        controls.addWidget(self.status)
        controls.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(left)
        layout.addWidget(splitter, 1)

    @staticmethod
    def _seconds(value: float, low: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, 600.0)
        spin.setDecimals(2)
        spin.setSuffix(" s")
        spin.setValue(value)
        return spin

    def set_codes(self, code_ids: list[str]) -> None:
        for box in (self.given, self.target):
            box.clear()
            box.addItems(code_ids)

    # -- running --------------------------------------------------------------------------
    def request(self) -> Callable[[AnalysisData], AnalysisOutput]:
        """The chosen analysis with its parameters, read now (on the GUI thread)."""
        kind = self.kind.currentText()
        given, target = self.given.currentText().strip(), self.target.currentText().strip()
        by_phase = self.by_phase.isChecked()
        start_s, end_s, within = (
            self.window_from.value(),
            self.window_to.value(),
            self.within.value(),
        )
        draws = self.permutations.value()
        mode = TargetMode.ONSET if self.target_onsets.isChecked() else TargetMode.ON
        if kind == "phases":
            return lambda data: run_phases(data, None, by_phase=by_phase)
        if kind == "lag":
            lag = LagSpec((given, target))
            return lambda data: run_lag(data, lag, by_phase=by_phase)
        if kind == "cooccurrence":
            return lambda data: run_cooccurrence(data, [(given, target)], by_phase=by_phase)
        if kind == "match":
            return lambda data: run_match(data, None, by_phase=by_phase)
        if kind == "ratings":
            return lambda data: run_ratings(data, by_phase=by_phase)
        if kind == "latency":
            spec = LatencySpec(given, target, end_s, min(within, end_s))
            return lambda data: run_latency(data, [spec], by_phase=by_phase)
        window = WindowSpec(given, target, start_s, end_s, target_mode=mode)
        return lambda data: run_window(data, [window], permutations=draws, by_phase=by_phase)

    def start(self) -> ProgressOperation | None:
        """Load and compute in the background; ``computed`` (or ``failed``) when done."""
        if self.operation is not None and self.operation.is_running:
            return self.operation
        repo = self.repo
        try:
            analyse = self.request()
        except ValueError as exc:
            self._on_failed(str(exc))
            return None

        def work(progress: Any, _cancel: object) -> tuple[AnalysisData, AnalysisOutput]:
            data = load_analysis_data(repo, progress=progress)
            return data, analyse(data)

        self.run_button.setEnabled(False)
        self.status.setText("Computing…")
        op = run_with_progress(self, "Analysing", work)
        op.succeeded.connect(self._on_result)
        op.failed.connect(self._on_failed)
        op.cancelled.connect(lambda: self._on_failed("Cancelled."))
        self.operation = op
        return op

    def _on_failed(self, message: str, _exc: object = None) -> None:
        self.run_button.setEnabled(True)
        self.status.setText(message)
        self.failed.emit(message)

    def _on_result(self, result: object) -> None:
        assert isinstance(result, tuple)
        self.data, self.output = result
        self.run_button.setEnabled(True)
        self.model.set_records(list(self.output.records))
        self.instances.clear()
        rule = dict(self.output.parameters).get("rule", "")
        self.status.setText("\n".join([*self.data.warnings, rule]))
        self.computed.emit()

    # -- instances ------------------------------------------------------------------------
    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _on_row(self, *_: object) -> None:
        self.instances.clear()
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.output is None or self.data is None:
            return
        for inst in self.output.instances[rows[0].row()]:
            text = (
                f"{self.data.label(inst.session_id)}  frames {inst.start_frame}–"
                f"{inst.end_frame - 1}  {inst.label}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, inst)
            self.instances.addItem(item)

    def _on_instance(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        inst = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(inst, Instance):
            sid = int(inst.session_id)
            self.instanceSelected.emit(sid, inst.start_frame, inst.end_frame, list(inst.event_ids))
            self.seekRequested.emit(sid, inst.start_frame)
