"""Typed reading of YAML nodes that records a positioned problem for every bad value.

The codebook loader works on PyYAML's node tree (``yaml.compose``) rather than on plain
Python values, because only nodes remember where in the file they came from. Text fields
are read from the scalar exactly as written, so ``version: 1.10`` stays "1.10" and a name
such as ``No`` is not turned into ``False``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from interactioncoder.core.codebook.errors import CodebookProblem
from interactioncoder.core.limits import MAX_WHOLE_NUMBER, LimitedSafeLoader

NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"

# Ids end up in file names, CSV columns and R/SPSS variable names: keep them plain.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

_CONSTRUCTOR = SafeConstructor()


# YAML aliases can make a small file stand for a huge tree (a list of aliases to lists of
# aliases ...). No real codebook comes near this many items or problems.
MAX_ITEMS = 20_000
MAX_PROBLEMS = 500


class StopReadingError(Exception):
    """Raised to stop checking a file that is far too big or far too broken."""


class ProblemLog:
    """Collects problems for one source file."""

    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.problems: list[CodebookProblem] = []
        self.items_read = 0

    def count_item(self, node: Node) -> None:
        self.items_read += 1
        if self.items_read > MAX_ITEMS:
            self.add(
                node,
                f"the file stands for more than {MAX_ITEMS} items (through YAML aliases); "
                "that cannot be a real codebook",
            )
            raise StopReadingError

    def add(self, where: Node | Mark | None, message: str) -> None:
        mark = where.start_mark if isinstance(where, Node) else where
        line = mark.line + 1 if mark is not None else 1
        column = mark.column + 1 if mark is not None else 1
        self.add_at(line, column, message)

    def add_at(self, line: int, column: int, message: str) -> None:
        self.problems.append(CodebookProblem(self.source_name, line, column, message))
        if len(self.problems) == MAX_PROBLEMS:
            self.problems.append(
                CodebookProblem(
                    self.source_name,
                    line,
                    column,
                    f"stopped checking after {MAX_PROBLEMS} problems; fix these first",
                )
            )
            raise StopReadingError


def describe(node: Node) -> str:
    """How a value looks, in words, for messages ("a list", "'abc'")."""
    if isinstance(node, MappingNode):
        return "a group of fields"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "nothing"
    text = str(node.value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"'{text}'"


def did_you_mean(word: str, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return ""


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


def label(node: Node, template: str, fallback: str) -> str:
    """Name a mapping in messages by its id when it has a usable one.

    ``template`` holds ``{id}``: ``label(node, "code '{id}'", "code 3")``.
    """
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if (
                isinstance(key_node, ScalarNode)
                and key_node.value == "id"
                and isinstance(value_node, ScalarNode)
                and value_node.tag != NULL_TAG
                and str(value_node.value).strip()
            ):
                return template.replace("{id}", str(value_node.value).strip())
    return fallback


class Fields:
    """The fields of one YAML mapping (a codebook, a code, a scale, ...).

    Creating it reports a value that is not a mapping, field names given twice and field
    names the schema does not know (with the closest known name). The getters report a
    missing required field, a value of the wrong type or an empty value, and return a
    placeholder so that checking can go on and find further problems.
    """

    def __init__(self, log: ProblemLog, node: Node, what: str, allowed: Sequence[str]) -> None:
        self.log = log
        self.node = node
        self.what = what
        self._values: dict[str, Node] = {}
        self._keys: dict[str, Node] = {}
        log.count_item(node)
        self.ok = isinstance(node, MappingNode)
        if not isinstance(node, MappingNode):
            log.add(node, f"{what} must be a set of 'field: value' lines, not {describe(node)}")
            return
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == NULL_TAG:
                log.add(key_node, f"a field name in {what} must be a plain word")
                continue
            name = key_node.value
            if name in self._keys:
                first = line_of(self._keys[name])
                log.add(
                    key_node,
                    f"field '{name}' is given twice in {what} (first on line {first}); "
                    "keep only one",
                )
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                log.add(key_node, "YAML merge keys (<<) are not supported; write the fields out")
                continue
            if name not in allowed:
                log.add(
                    key_node,
                    f"unknown field '{name}' in {what}{did_you_mean(name, allowed)}; "
                    f"allowed fields are: {', '.join(allowed)}",
                )
                continue
            self._keys[name] = key_node
            self._values[name] = value_node

    # -- raw access ---------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self._values

    def value_node(self, name: str) -> Node | None:
        return self._values.get(name)

    def where(self, name: str) -> Node:
        """The value of a field if given, else the whole mapping (for positions)."""
        return self._values.get(name, self.node)

    def _missing(self, name: str) -> None:
        self.log.add(self.node, f"{self.what} has no '{name}' (it is required)")

    def _present(self, name: str, required: bool) -> Node | None:
        """The value node, or None (reported if required) when absent or empty."""
        node = self._values.get(name)
        if node is None:
            if required and self.ok:
                self._missing(name)
            return None
        if is_null(node):
            if required:
                self.log.add(node, f"'{name}' of {self.what} is empty")
            return None
        return node

    # -- typed getters ------------------------------------------------------------------
    def text(self, name: str, required: bool = False, default: str = "") -> str:
        node = self._present(name, required)
        if node is None:
            return default
        if not isinstance(node, ScalarNode):
            self.log.add(node, f"'{name}' of {self.what} must be text, not {describe(node)}")
            return default
        value = str(node.value).strip()
        if required and not value:
            self.log.add(node, f"'{name}' of {self.what} is empty")
        return value

    def ident(self, name: str = "id") -> str:
        node = self._values.get(name)
        value = self.text(name, required=True)
        if value and node is not None and not ID_PATTERN.match(value):
            self.log.add(
                node,
                f"the {name} '{value}' may only contain letters, digits, '-', '_' and '.' "
                "(no spaces), and must start with a letter or digit",
            )
        return value

    def integer(self, name: str, required: bool = False) -> int | None:
        node = self._present(name, required)
        if node is None:
            return None
        value = scalar_int(node)
        if value is not None:
            return value
        if _too_large(node):
            self.log.add(
                node, f"'{name}' of {self.what} is too large (at most ±{MAX_WHOLE_NUMBER})"
            )
            return None
        self.log.add(node, f"'{name}' of {self.what} must be a whole number, not {describe(node)}")
        return None

    def number(self, name: str) -> float | None:
        node = self._present(name, False)
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.tag in (INT_TAG, FLOAT_TAG):
            if node.tag == INT_TAG:
                whole = scalar_int(node)
                if whole is not None:
                    return whole
                value = math.nan
            else:
                try:
                    value = float(_CONSTRUCTOR.construct_yaml_float(node))
                except (ValueError, ConstructorError):
                    value = math.nan
            if math.isfinite(value) and abs(value) <= MAX_WHOLE_NUMBER:
                return value
        if _too_large(node):
            self.log.add(
                node, f"'{name}' of {self.what} is too large (at most ±{MAX_WHOLE_NUMBER})"
            )
            return None
        self.log.add(node, f"'{name}' of {self.what} must be a number, not {describe(node)}")
        return None

    def boolean(self, name: str, default: bool) -> bool:
        node = self._present(name, False)
        if node is None:
            return default
        if isinstance(node, ScalarNode) and node.tag == BOOL_TAG:
            return bool(_CONSTRUCTOR.construct_yaml_bool(node))
        self.log.add(node, f"'{name}' of {self.what} must be true or false, not {describe(node)}")
        return default

    def choice(self, name: str, allowed: Sequence[str], required: bool, default: str) -> str:
        node = self._values.get(name)
        value = self.text(name, required=required, default=default)
        if node is not None and value and value not in allowed:
            self.log.add(
                node,
                f"'{name}' of {self.what} must be one of {', '.join(allowed)}, "
                f"not '{value}'{did_you_mean(value, allowed)}",
            )
            return default
        return value or default

    def sequence(self, name: str, required: bool = False) -> list[Node]:
        node = self._present(name, required)
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.log.add(
                node,
                f"'{name}' of {self.what} must be a list (one item per line starting "
                f"with '- '), not {describe(node)}",
            )
            return []
        return list(node.value)

    def mapping(self, name: str) -> MappingNode | None:
        node = self._present(name, False)
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            self.log.add(
                node,
                f"'{name}' of {self.what} must be a set of 'value: label' lines, "
                f"not {describe(node)}",
            )
            return None
        return node


def scalar_text(log: ProblemLog, node: Node, what: str) -> str:
    """A list item that must be non-empty text (an example, a scale id in a total)."""
    if not isinstance(node, ScalarNode) or is_null(node):
        log.add(node, f"{what} must be text, not {describe(node)}")
        return ""
    value = str(node.value).strip()
    if not value:
        log.add(node, f"{what} is empty")
    return value


def scalar_int(node: Node) -> int | None:
    """A whole number of at most ±2^53 (a huge hex or decimal number is None)."""
    if isinstance(node, ScalarNode) and node.tag == INT_TAG and len(node.value) <= 64:
        try:
            value = int(_CONSTRUCTOR.construct_yaml_int(node))
        except (ValueError, ConstructorError):
            return None
        return value if abs(value) <= MAX_WHOLE_NUMBER else None
    return None


def _too_large(node: Node) -> bool:
    if not isinstance(node, ScalarNode) or node.tag not in (INT_TAG, FLOAT_TAG):
        return False
    return len(node.value) > 64 or (scalar_int(node) is None and node.tag == INT_TAG)


def compose(text: str, log: ProblemLog) -> Node | None:
    """Parse YAML text into a node tree; a syntax error becomes a positioned problem."""
    try:
        return yaml.compose(text, Loader=LimitedSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        parts = [p for p in (exc.context, exc.problem) if p]
        detail = ", ".join(parts) if parts else "the YAML cannot be read"
        if "'\\t'" in detail:
            detail += " (indent with spaces, not tabs)"
        log.add(mark, f"YAML syntax error: {detail}")
    except yaml.reader.ReaderError as exc:
        position = int(exc.position)
        before = text[:position]
        line = before.count("\n") + 1
        column = position - (before.rfind("\n") + 1) + 1
        char = exc.character
        code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        log.add_at(
            line,
            column,
            f"the file contains an invisible or special character ({code}) that YAML does "
            "not allow; delete it",
        )
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error is one of the above
        log.add_at(1, 1, f"YAML error: {exc}")
    except RecursionError:
        log.add_at(1, 1, "the file is nested too deeply to be a codebook")
    return None
