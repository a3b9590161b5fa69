"""Codebook panel: the codes by subject and group, with key, colour and definition.

Usage::

    panel = CodebookPanel()
    panel.set_codebook(codebook)
    panel.codeClicked.connect(main_window.mark_code)   # str code_id, as if its key was pressed
    panel.set_running({"m_sensitive"})                 # states currently running

Selecting a code (a click on its name, arrow keys) only shows its definition and
examples, so a coder can read definitions without marking anything. A click on the code's
*key* cell, or activating the code (double-click or Enter), emits ``codeClicked(code_id)``,
the same request as pressing the code's key.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interactioncoder.core.codebook import Code, Codebook, CodeGroup, CodeKind, ModifierKind
from interactioncoder.ui.theme import swatch_icon

CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
RUNNING_MARK = "● running"


class CodebookPanel(QWidget):
    """Codes grouped by subject/group; definition pane; search; running-state marks.

    Signals:
        codeClicked(str): the user activated a code (double-click / Enter).
        codeSelected(str): the selected code changed ("" when none).
    """

    codeClicked = Signal(str)  # noqa: N815 (Qt naming)
    codeSelected = Signal(str)  # noqa: N815 (Qt naming)

    def __init__(self, codebook: Codebook | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Search codes (name, key, definition)…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._apply_filter)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Key", "Code", ""])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        # Fixed: the spanned group labels would otherwise widen the key column.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemClicked.connect(self._on_clicked)

        self.definition = QTextBrowser(self)
        self.definition.setOpenExternalLinks(False)
        self.definition.setPlaceholderText("Select a code to read its definition.")

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.definition)
        # the codes get most of the height (a coder scans them); the definition is a few
        # lines, more by dragging the splitter
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        self.definition.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search_edit)
        layout.addWidget(splitter)

        self._codebook: Codebook | None = None
        self._items: dict[str, QTreeWidgetItem] = {}
        self._group_items: list[QTreeWidgetItem] = []
        self._running: set[str] = set()
        if codebook is not None:
            self.set_codebook(codebook)

    # -- API ---------------------------------------------------------------------------
    def set_codebook(self, codebook: Codebook) -> None:
        self._codebook = codebook
        self.tree.clear()
        self._items.clear()
        self._group_items.clear()
        subject_names = {s.id: s.name for s in codebook.subjects}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for group in codebook.groups:
            subject = subject_names.get(group.subject, group.subject)
            group_item = QTreeWidgetItem([f"{subject}: {group.name}", "", ""])
            group_item.setFont(0, bold)
            group_item.setToolTip(0, _group_tooltip(group))
            group_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group_item)
            group_item.setFirstColumnSpanned(True)  # the label uses the whole row
            self._group_items.append(group_item)
            for code in group.codes:
                item = QTreeWidgetItem([code.key, code.name, ""])
                item.setIcon(1, swatch_icon(code.color))
                item.setData(0, CODE_ID_ROLE, code.id)
                item.setTextAlignment(0, Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(0, f"Click to mark {code.name} (same as pressing {code.key})")
                kind = "state" if code.kind is CodeKind.STATE else "point"
                item.setToolTip(1, f"{code.name} ({kind}), key {code.key}")
                group_item.addChild(item)
                self._items[code.id] = item
        self.tree.expandAll()
        metrics = self.tree.fontMetrics()
        widest = max([metrics.horizontalAdvance(k) for k in ("Key", *self._keys())] or [0])
        self.tree.setColumnWidth(0, self.tree.indentation() + widest + 16)
        self.set_running(self._running & set(self._items))
        self._apply_filter(self.search_edit.text())
        self.definition.clear()

    def set_running(self, code_ids: Iterable[str]) -> None:
        """Mark the states now running (shown bold with "● running")."""
        self._running = set(code_ids)
        for code_id, item in self._items.items():
            running = code_id in self._running
            font = item.font(1)
            font.setBold(running)
            item.setFont(1, font)
            item.setText(2, RUNNING_MARK if running else "")

    def _keys(self) -> list[str]:
        return [item.text(0) for item in self._items.values()]

    def running(self) -> set[str]:
        return set(self._running)

    def select_code(self, code_id: str) -> bool:
        item = self._items.get(code_id)
        if item is None:
            return False
        self.tree.setCurrentItem(item)
        return True

    def current_code_id(self) -> str:
        item = self.tree.currentItem()
        return str(item.data(0, CODE_ID_ROLE) or "") if item is not None else ""

    def definition_html(self) -> str:
        return self.definition.toHtml()

    # -- internals ---------------------------------------------------------------------
    def _on_current_changed(self, current: QTreeWidgetItem | None, _prev: object) -> None:
        code_id = str(current.data(0, CODE_ID_ROLE) or "") if current is not None else ""
        if code_id and self._codebook is not None:
            self.definition.setHtml(code_definition_html(self._codebook, code_id))
        else:
            self.definition.clear()
        self.codeSelected.emit(code_id)

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        code_id = item.data(0, CODE_ID_ROLE)
        if code_id:
            self.codeClicked.emit(str(code_id))

    def _on_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            self._on_activated(item, column)

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        if self._codebook is None:
            return
        for group_item, group in zip(self._group_items, self._codebook.groups, strict=True):
            any_visible = False
            for code in group.codes:
                child = self._items[code.id]
                visible = not needle or needle in _search_text(code, group_item.text(0))
                child.setHidden(not visible)
                any_visible |= visible
            group_item.setHidden(not any_visible)


def _search_text(code: Code, group_label: str) -> str:
    return " ".join([code.key, code.name, code.id, code.definition, group_label]).casefold()


def _group_tooltip(group: CodeGroup) -> str:
    rule = "exclusive: one state at a time" if group.exclusive else "states may overlap"
    return f"{group.name} ({rule})" + (f"\n{group.description}" if group.description else "")


def code_definition_html(codebook: Codebook, code_id: str) -> str:
    """Rich-text definition of a code: name, key, kind, definition, examples, modifiers."""
    code = codebook.code(code_id)
    group = codebook.group_of(code_id)
    esc = html.escape
    kind = "state (press once to start, again to stop)" if code.kind is CodeKind.STATE else "point"
    parts = [
        f"<h3>{esc(code.name)} <small>[{esc(code.key)}]</small></h3>",
        f"<p><i>{esc(group.name)}</i> · {esc(kind)}</p>",
    ]
    if code.definition:
        paragraphs = [p.strip() for p in code.definition.split("\n\n") if p.strip()]
        parts += [f"<p>{esc(p)}</p>" for p in paragraphs]
    if code.examples:
        parts.append("<p><b>Examples</b></p><ul>")
        parts += [f"<li>{esc(e)}</li>" for e in code.examples]
        parts.append("</ul>")
    if code.modifiers:
        parts.append("<p><b>Modifiers</b></p><ul>")
        for m in code.modifiers:
            if m.kind is ModifierKind.CHOICE:
                detail = ", ".join(esc(c.name) for c in m.choices)
            else:
                lo = "" if m.minimum is None else f"{m.minimum:g}"
                hi = "" if m.maximum is None else f"{m.maximum:g}"
                detail = f"number {lo}–{hi}" if (lo or hi) else "number"
            req = " (required)" if m.required else ""
            parts.append(f"<li>{esc(m.name)}{req}: {detail}</li>")
        parts.append("</ul>")
    return "".join(parts)
