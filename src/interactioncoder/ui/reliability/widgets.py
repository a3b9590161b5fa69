"""Small widget factories of the reliability view (spin boxes, row-selecting tables)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QDoubleSpinBox, QHeaderView, QTableView, QWidget


def spin(value: float, lo: float, hi: float, step: float, suffix: str, tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setDecimals(2)
    box.setSingleStep(step)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setToolTip(tip)
    return box


def row_table(
    parent: QWidget,
    model: QAbstractItemModel,
    widths: Iterable[tuple[int, int]] = (),
    *,
    selectable: bool = True,
) -> QTableView:
    """A table sized to its contents, one row selected at a time; *widths*: (column, px)
    of long columns, elided and widened by hand."""
    table = QTableView(parent)
    table.setModel(model)
    if selectable:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column, width in widths:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setWordWrap(False)
    return table


def add_undo_actions(widget: QWidget, stack: QUndoStack) -> None:
    """Undo / redo of *stack* by the standard keys while *widget* (or a child) has focus."""
    for action, key in (
        (stack.createUndoAction(widget), QKeySequence.StandardKey.Undo),
        (stack.createRedoAction(widget), QKeySequence.StandardKey.Redo),
    ):
        action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        widget.addAction(action)
