"""Groups and codes of the codebook editor: a tree on the left, the selected item's form.

A group has a subject and may be exclusive (one state at a time); a code has a kind
(state or point), a key, a colour, a definition and modifiers. Edits go straight into
the draft's ``groups`` list and ``changed`` is emitted; the dialog re-checks the draft.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.ui.codebook_editor.table_page import Column, TablePage

ADDRESS_ROLE = Qt.ItemDataRole.UserRole
MODIFIER_COLUMNS = (
    Column("id", "Id"),
    Column("name", "Name"),
    Column("kind", "Kind"),
    Column("required", "Required", "bool"),
    Column("choices", "Choices (id=Name, …)", "choices"),
    Column("min", "Min", "number"),
    Column("max", "Max", "number"),
)


class CodesPage(QWidget):
    changed = Signal()

    def __init__(self, groups: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups = groups
        self.subjects: list[str] = []
        self.conflicts: dict[str, list[str]] = {}
        self._loading = False
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Groups and codes", "Key"])
        tree_header = self.tree.header()
        tree_header.setStretchLastSection(False)
        tree_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tree_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.currentItemChanged.connect(lambda *_: self._show_current())
        add_group = QPushButton("Add group")
        add_group.clicked.connect(self.add_group)
        self.add_code_button = QPushButton("Add code")
        self.add_code_button.clicked.connect(self.add_code)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_current)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree)
        buttons = QHBoxLayout()
        for b in (add_group, self.add_code_button, remove):
            buttons.addWidget(b)
        left_layout.addLayout(buttons)
        self.stack = QStackedWidget()
        self.stack.addWidget(QLabel("Choose a group or a code, or add one."))
        self.stack.addWidget(self._group_form())
        self.stack.addWidget(self._code_form())
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([340, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.rebuild()

    # -- forms ----------------------------------------------------------------------
    def _group_form(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        self.group_id = QLineEdit()
        self.group_name = QLineEdit()
        self.group_subject = QComboBox()
        self.group_subject.setEditable(True)
        self.group_exclusive = QCheckBox("Exclusive: one state of this group at a time")
        self.group_description = QPlainTextEdit()
        form.addRow("Id:", self.group_id)
        form.addRow("Name:", self.group_name)
        form.addRow("Subject:", self.group_subject)
        form.addRow("", self.group_exclusive)
        form.addRow("Description:", self.group_description)
        for edit in (self.group_id, self.group_name):
            edit.textEdited.connect(self._store_group)
        self.group_subject.currentTextChanged.connect(self._store_group)
        self.group_exclusive.toggled.connect(self._store_group)
        self.group_description.textChanged.connect(self._store_group)
        return box

    def _code_form(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        self.code_id = QLineEdit()
        self.code_name = QLineEdit()
        self.code_kind = QComboBox()
        self.code_kind.addItems(["state", "point"])
        self.code_key = QLineEdit()
        self.key_conflict = QLabel()
        self.key_conflict.setStyleSheet("color: #b00020;")
        self.code_color = QLineEdit()
        self.code_color.textChanged.connect(self._paint_swatch)
        self.color_swatch = QLabel()
        self.color_swatch.setFixedSize(22, 22)
        pick = QPushButton("Pick…")
        pick.clicked.connect(self._pick_color)
        colour_row = QWidget()
        colour_layout = QHBoxLayout(colour_row)
        colour_layout.setContentsMargins(0, 0, 0, 0)
        colour_layout.addWidget(self.color_swatch)
        colour_layout.addWidget(self.code_color, 1)
        colour_layout.addWidget(pick)
        self.code_definition = QPlainTextEdit()
        self.code_definition.setMaximumHeight(80)
        self.modifiers = TablePage(
            MODIFIER_COLUMNS, new_row={"id": "", "name": "", "kind": "choice"}
        )
        form.addRow("Id:", self.code_id)
        form.addRow("Name:", self.code_name)
        form.addRow("Kind:", self.code_kind)
        form.addRow("Key:", self.code_key)
        form.addRow("", self.key_conflict)
        form.addRow("Colour:", colour_row)
        form.addRow("Definition:", self.code_definition)
        form.addRow("Modifiers:", self.modifiers)
        for edit in (self.code_id, self.code_name, self.code_key, self.code_color):
            edit.textEdited.connect(self._store_code)
        self.code_kind.currentTextChanged.connect(self._store_code)
        self.code_definition.textChanged.connect(self._store_code)
        self.modifiers.changed.connect(self._store_code)
        return box

    # -- tree -----------------------------------------------------------------------
    def rebuild(self, select: tuple[int, int | None] | None = None) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for gi, group in enumerate(self.groups):
            top = QTreeWidgetItem([str(group.get("name") or group.get("id") or "(group)"), ""])
            top.setData(0, ADDRESS_ROLE, (gi, None))
            self.tree.addTopLevelItem(top)
            for ci, code in enumerate(group.get("codes") or []):
                child = QTreeWidgetItem(
                    [str(code.get("name") or "(code)"), str(code.get("key", ""))]
                )
                child.setData(0, ADDRESS_ROLE, (gi, ci))
                colour = QColor(str(code.get("color", "")))
                if colour.isValid():
                    child.setForeground(0, colour)
                top.addChild(child)
            top.setExpanded(True)
        self.tree.blockSignals(False)
        if select is not None:
            self.select(*select)
        self._show_current()

    def select(self, group: int, code: int | None = None) -> None:
        top = self.tree.topLevelItem(group)
        if top is None:
            return
        item = top if code is None else top.child(code)
        if item is not None:
            self.tree.setCurrentItem(item)

    def current(self) -> tuple[int, int | None] | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        gi, ci = item.data(0, ADDRESS_ROLE)
        return int(gi), None if ci is None else int(ci)

    def add_group(self) -> None:
        n = len(self.groups) + 1
        subject = self.subjects[0] if self.subjects else ""
        self.groups.append(
            {"id": f"group-{n}", "name": f"Group {n}", "subject": subject, "exclusive": False}
        )
        self.groups[-1]["codes"] = []
        self.rebuild((len(self.groups) - 1, None))
        self.changed.emit()

    def add_code(self) -> None:
        where = self.current()
        if where is None:
            if not self.groups:
                self.add_group()
            where = (len(self.groups) - 1, None)
        codes = self.groups[where[0]].setdefault("codes", [])
        n = sum(len(g.get("codes") or []) for g in self.groups) + 1
        codes.append(
            {"id": f"code-{n}", "name": f"Code {n}", "kind": "state", "key": "", "color": "#4477aa"}
        )
        self.rebuild((where[0], len(codes) - 1))
        self.changed.emit()

    def remove_current(self) -> None:
        where = self.current()
        if where is None:
            return
        gi, ci = where
        if ci is None:
            del self.groups[gi]
        else:
            del self.groups[gi]["codes"][ci]
        self.rebuild()
        self.changed.emit()

    # -- showing and storing ----------------------------------------------------------
    def _show_current(self) -> None:
        where = self.current()
        self._loading = True
        try:
            if where is None:
                self.stack.setCurrentIndex(0)
            elif where[1] is None:
                self._show_group(self.groups[where[0]])
            else:
                self._show_code(self.groups[where[0]]["codes"][where[1]])
        finally:
            self._loading = False

    def _show_group(self, group: dict[str, Any]) -> None:
        self.stack.setCurrentIndex(1)
        self.group_id.setText(str(group.get("id", "")))
        self.group_name.setText(str(group.get("name", "")))
        self.group_subject.clear()
        self.group_subject.addItems(self.subjects)
        self.group_subject.setCurrentText(str(group.get("subject", "")))
        self.group_exclusive.setChecked(bool(group.get("exclusive")))
        self.group_description.setPlainText(str(group.get("description", "")))

    def _show_code(self, code: dict[str, Any]) -> None:
        self.stack.setCurrentIndex(2)
        self.code_id.setText(str(code.get("id", "")))
        self.code_name.setText(str(code.get("name", "")))
        self.code_kind.setCurrentText(str(code.get("kind", "state")))
        self.code_key.setText(str(code.get("key", "")))
        self.code_color.setText(str(code.get("color", "")))
        self.code_definition.setPlainText(str(code.get("definition", "")))
        self.modifiers.set_rows(list(code.get("modifiers") or []))
        self.show_conflicts(self.conflicts)

    def _store_group(self) -> None:
        where = self.current()
        if self._loading or where is None or where[1] is not None:
            return
        group = self.groups[where[0]]
        group["id"] = self.group_id.text()
        group["name"] = self.group_name.text()
        group["subject"] = self.group_subject.currentText()
        group["exclusive"] = self.group_exclusive.isChecked()
        _put(group, "description", self.group_description.toPlainText())
        item = self.tree.currentItem()
        if item is not None:
            item.setText(0, group["name"] or group["id"])
        self.changed.emit()

    def _store_code(self) -> None:
        where = self.current()
        if self._loading or where is None or where[1] is None:
            return
        code = self.groups[where[0]]["codes"][where[1]]
        code["id"] = self.code_id.text()
        code["name"] = self.code_name.text()
        code["kind"] = self.code_kind.currentText()
        code["key"] = self.code_key.text()
        code["color"] = self.code_color.text()
        _put(code, "definition", self.code_definition.toPlainText())
        _put(code, "modifiers", self.modifiers.rows())
        item = self.tree.currentItem()
        if item is not None:
            item.setText(0, code["name"] or code["id"])
            item.setText(1, code["key"])
        self.changed.emit()

    def _paint_swatch(self, text: str) -> None:
        colour = QColor(text)
        style = f"background: {colour.name()}; border: 1px solid #555;" if colour.isValid() else ""
        self.color_swatch.setStyleSheet(style)

    def _pick_color(self) -> None:
        colour = QColorDialog.getColor(QColor(self.code_color.text()), self, "Code colour")
        if colour.isValid():
            self.code_color.setText(colour.name())
            self._store_code()

    def show_conflicts(self, conflicts: dict[str, list[str]]) -> None:
        """Mark keys used twice (or kept by the app) in the tree and the code form."""
        self.conflicts = conflicts
        where = self.current()
        code_id = ""
        if where is not None and where[1] is not None:
            code_id = str(self.groups[where[0]]["codes"][where[1]].get("id", ""))
        text = ""
        for key, owners in conflicts.items():
            if code_id in owners:
                others = [o for o in owners if o != code_id]
                text = f"Key {key} is also taken by: {', '.join(others)}"
        self.key_conflict.setText(text)
        for gi in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(gi)
            if top is None:
                continue
            for ci in range(top.childCount()):
                child = top.child(ci)
                if child is None:
                    continue
                clash = any(
                    str(self.groups[gi]["codes"][ci].get("id")) in owners
                    for owners in conflicts.values()
                )
                child.setText(
                    1, str(self.groups[gi]["codes"][ci].get("key", "")) + (" ⚠" if clash else "")
                )


def _put(d: dict[str, Any], name: str, value: Any) -> None:
    if value in ("", [], None):
        d.pop(name, None)
    else:
        d[name] = value
