"""Reading the ``subjects`` and ``groups`` (with their codes and modifiers) of a codebook file.

Part of the YAML loader (:mod:`interactioncoder.core.codebook.loader`): every function here
reads a node, records a positioned problem for anything wrong and returns a placeholder
so the rest of the file is still checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yaml.nodes import Node, SequenceNode

from interactioncoder.core.codebook import (
    Code,
    CodeGroup,
    CodeKind,
    Modifier,
    ModifierChoice,
    ModifierKind,
    Subject,
)
from interactioncoder.core.codebook.nodes import (
    Fields,
    ProblemLog,
    did_you_mean,
    is_null,
    label,
    line_of,
)
from interactioncoder.core.codebook.nodes import scalar_text as _scalar_text
from interactioncoder.core.keys import RESERVED_KEYS, InvalidKeyError, normalize_key

SUBJECT_FIELDS = ("id", "name", "description")
GROUP_FIELDS = ("id", "name", "subject", "exclusive", "description", "codes")
CODE_FIELDS = ("id", "name", "kind", "key", "color", "definition", "examples", "modifiers")
MODIFIER_FIELDS = ("id", "name", "kind", "required", "choices", "min", "max")
CHOICE_FIELDS = ("id", "name", "key")

_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


class IdRegistry:
    """Ids already used for one kind of thing; reports the second use of an id."""

    def __init__(self, log: ProblemLog, kind: str, scope: str = "") -> None:
        self.log = log
        self.kind = kind
        self.scope = scope
        self.first: dict[str, Node] = {}

    def claim(self, ident: str, node: Node) -> None:
        if not ident:
            return
        if ident in self.first:
            where = f" {self.scope}" if self.scope else ""
            self.log.add(
                node,
                f"{self.kind} id '{ident}' is already used{where} "
                f"(line {line_of(self.first[ident])}); every {self.kind} needs its own id",
            )
            return
        self.first[ident] = node


def read_color(fields: Fields, name: str, required: bool, default: str) -> str:
    """A colour as "#rrggbb" (lower case); "#rgb" is expanded."""
    node = fields.value_node(name)
    value = fields.text(name, required=False)
    if not value:
        if node is not None and is_null(node):
            fields.log.add(
                node,
                f"'{name}' of {fields.what} is empty; write the colour in quotes, e.g. "
                f'{name}: "#1f77b4" (without quotes YAML reads # as the start of a comment)',
            )
        elif node is None and required and fields.ok:
            fields.log.add(
                fields.node,
                f"{fields.what} has no '{name}' (it is required), e.g. {name}: \"#1f77b4\"",
            )
        return default
    if not _COLOR.match(value):
        fields.log.add(
            node,
            f"'{name}' of {fields.what} must be a colour written as #rgb or #rrggbb "
            f"(e.g. \"#1f77b4\"), not '{value}'",
        )
        return default
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits


def read_key(fields: Fields, required: bool) -> str:
    """A keyboard key in its canonical spelling; malformed and reserved keys are reported."""
    node = fields.value_node("key")
    raw = fields.text("key", required=required)
    if not raw or node is None:
        return ""
    try:
        key = normalize_key(raw)
    except InvalidKeyError as exc:
        fields.log.add(node, f"key '{raw}' of {fields.what} cannot be used: {exc}")
        return ""
    if key in RESERVED_KEYS:
        fields.log.add(
            node,
            f"key '{key}' of {fields.what} is one of the application's own shortcuts "
            "(play, frame stepping, undo, ...); choose another key",
        )
        return ""
    return key


@dataclass
class CodeRegistries:
    """What must be unique across the whole codebook while reading codes."""

    log: ProblemLog
    subject_ids: IdRegistry
    group_ids: IdRegistry
    code_ids: IdRegistry
    keys: dict[str, tuple[Node, str]] = field(default_factory=dict)

    def claim_key(self, key: str, node: Node | None, code_id: str) -> None:
        if not key or node is None:
            return
        if key in self.keys:
            first_node, first_code = self.keys[key]
            self.log.add(
                node,
                f"key '{key}' is already used by code '{first_code}' "
                f"(line {line_of(first_node)}); one key press must mean one code",
            )
            return
        self.keys[key] = (node, code_id)


def read_subject(reg: CodeRegistries, node: Node, index: int) -> Subject:
    f = Fields(reg.log, node, label(node, "subject '{id}'", f"subject {index}"), SUBJECT_FIELDS)
    ident = f.ident()
    reg.subject_ids.claim(ident, f.where("id"))
    return Subject(id=ident, name=f.text("name", required=True), description=f.text("description"))


def _read_choice(
    log: ProblemLog, node: Node, index: int, owner: str
) -> tuple[ModifierChoice, Fields]:
    f = Fields(
        log,
        node,
        label(node, "choice '{id}' of " + owner, f"choice {index} of {owner}"),
        CHOICE_FIELDS,
    )
    ident = f.ident()
    choice = ModifierChoice(id=ident, name=f.text("name", required=True), key=read_key(f, False))
    return choice, f


def read_modifier(
    log: ProblemLog, node: Node, index: int, code_what: str
) -> tuple[Modifier, Fields]:
    f = Fields(
        log,
        node,
        label(node, "modifier '{id}' of " + code_what, f"modifier {index} of {code_what}"),
        MODIFIER_FIELDS,
    )
    ident = f.ident()
    name = f.text("name", required=True)
    kind_text = f.choice("kind", [k.value for k in ModifierKind], required=True, default="")
    kind = ModifierKind(kind_text) if kind_text else ModifierKind.CHOICE
    required = f.boolean("required", default=False)
    choices: list[ModifierChoice] = []
    minimum = maximum = None
    # A missing or unknown kind (reported by f.choice) leaves kind_text empty: then
    # neither the choices nor the range are read.
    if kind_text == ModifierKind.CHOICE.value:
        choices = _read_choices(log, f)
    elif kind_text == ModifierKind.NUMBER.value:
        minimum, maximum = _read_number_range(log, f)
    modifier = Modifier(
        id=ident,
        name=name,
        kind=kind,
        choices=tuple(choices),
        minimum=minimum,
        maximum=maximum,
        required=required,
    )
    return modifier, f


def _read_choices(log: ProblemLog, f: Fields) -> list[ModifierChoice]:
    """The choices of choice modifier *f*: ids and keys unique within it."""
    for bad in ("min", "max"):
        if f.has(bad):
            log.add(f.where(bad), f"'{bad}' is only for number modifiers; {f.what} is a choice")
    choice_ids = IdRegistry(log, "choice", f"in {f.what}")
    choice_keys: dict[str, Node] = {}
    items = f.sequence("choices")
    choices_node = f.value_node("choices")
    no_choices = choices_node is None or is_null(choices_node)
    if isinstance(choices_node, SequenceNode) and not choices_node.value:
        no_choices = True
    if f.ok and no_choices:
        log.add(f.where("choices"), f"{f.what} is a choice but lists no choices")
    choices: list[ModifierChoice] = []
    for i, item in enumerate(items, start=1):
        choice, cf = _read_choice(log, item, i, f.what)
        choice_ids.claim(choice.id, cf.where("id"))
        key_node = cf.value_node("key")
        if choice.key and key_node is not None:
            if choice.key in choice_keys:
                log.add(
                    key_node,
                    f"key '{choice.key}' is used by two choices of {f.what} "
                    f"(first on line {line_of(choice_keys[choice.key])})",
                )
            else:
                choice_keys[choice.key] = key_node
        choices.append(choice)
    return choices


def _read_number_range(log: ProblemLog, f: Fields) -> tuple[float | None, float | None]:
    """(min, max) of number modifier *f*; either may be absent."""
    if f.has("choices"):
        log.add(
            f.where("choices"), f"'choices' are only for choice modifiers; {f.what} is a number"
        )
    minimum = f.number("min")
    maximum = f.number("max")
    if minimum is not None and maximum is not None and minimum >= maximum:
        log.add(
            f.where("max"),
            f"{f.what} must have min below max (min is {minimum:g}, max is {maximum:g})",
        )
    return minimum, maximum


def read_code(reg: CodeRegistries, node: Node, index: int, group: Fields, exclusive: bool) -> Code:
    log = reg.log
    f = Fields(log, node, label(node, "code '{id}'", f"code {index} of {group.what}"), CODE_FIELDS)
    ident = f.ident()
    reg.code_ids.claim(ident, f.where("id"))
    name = f.text("name", required=True)
    kind_text = f.choice("kind", [k.value for k in CodeKind], required=True, default="")
    kind = CodeKind(kind_text) if kind_text else CodeKind.STATE
    if kind is CodeKind.POINT and kind_text and exclusive:
        log.add(
            f.where("kind"),
            f"{f.what} is a point but {group.what} is exclusive; exclusive groups hold only "
            "states (one at a time), so move the point to a non-exclusive group",
        )
    key = read_key(f, required=False)  # keyless codes are coded by clicking (imports)
    reg.claim_key(key, f.value_node("key"), ident or name)
    color = read_color(f, "color", required=True, default="#888888")
    examples = tuple(
        _scalar_text(log, item, f"example {i} of {f.what}")
        for i, item in enumerate(f.sequence("examples"), start=1)
    )
    modifier_ids = IdRegistry(log, "modifier", f"in {f.what}")
    modifiers: list[Modifier] = []
    for i, item in enumerate(f.sequence("modifiers"), start=1):
        modifier, mf = read_modifier(log, item, i, f.what)
        modifier_ids.claim(modifier.id, mf.where("id"))
        modifiers.append(modifier)
    return Code(
        id=ident,
        name=name,
        kind=kind,
        key=key,
        color=color,
        definition=f.text("definition"),
        examples=examples,
        modifiers=tuple(modifiers),
    )


def read_group(reg: CodeRegistries, node: Node, index: int) -> CodeGroup:
    log = reg.log
    f = Fields(log, node, label(node, "group '{id}'", f"group {index}"), GROUP_FIELDS)
    ident = f.ident()
    reg.group_ids.claim(ident, f.where("id"))
    name = f.text("name", required=True)
    subject_node = f.value_node("subject")
    subject = f.text("subject", required=True)
    known = list(reg.subject_ids.first)
    if subject and subject_node is not None and subject not in known:
        if known:
            hint = did_you_mean(subject, known) or f"; the subjects are: {', '.join(known)}"
        else:
            hint = "; the codebook has no 'subjects' list"
        log.add(subject_node, f"{f.what} is about subject '{subject}', which is not defined{hint}")
    exclusive = f.boolean("exclusive", default=False)
    codes_node = f.value_node("codes")
    items = f.sequence("codes", required=True)
    if isinstance(codes_node, SequenceNode) and not codes_node.value:
        log.add(codes_node, f"{f.what} has no codes; add codes or remove the group")
    codes = tuple(read_code(reg, item, i, f, exclusive) for i, item in enumerate(items, start=1))
    return CodeGroup(
        id=ident,
        name=name,
        subject=subject,
        exclusive=exclusive,
        codes=codes,
        description=f.text("description"),
    )
