"""Column names and cell values every statistics package reads as they are.

SPSS wants variable names of letters, digits and underscores, starting with a letter, at
most 64 bytes and not one of its reserved words; R needs backticks for anything else.
Booleans are written 0/1 (SPSS has no boolean type; ``True``/``False`` arrive as text).
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

SPSS_MAX_NAME = 64
SPSS_RESERVED = frozenset(
    {"all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"}
)
_VALID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def is_safe_name(name: str) -> bool:
    return (
        bool(_VALID.fullmatch(name))
        and len(name.encode()) <= SPSS_MAX_NAME
        and name.lower() not in SPSS_RESERVED
    )


def safe_name(text: str) -> str:
    """*text* as a safe column name: other characters become ``_`` (underscores kept), a
    leading digit or underscore gets a ``v`` in front, a reserved word a ``_v`` after, and
    a name too long is cut with a short hash of the whole (so two long names stay apart)."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", text)
    if not name or not name[0].isalpha():
        name = f"v{name}"
    if name.lower() in SPSS_RESERVED:
        name = f"{name}_v"
    if len(name) > SPSS_MAX_NAME:
        digest = hashlib.sha1(text.encode()).hexdigest()[:8]
        name = f"{name[: SPSS_MAX_NAME - 9]}_{digest}"
    return name


def export_ready(table: pd.DataFrame) -> pd.DataFrame:
    """The table with safe, distinct column names and booleans as 0/1 (Int8, empty kept).

    Two columns whose names become the same (``a-b`` and ``a_b``) get ``_2``, ``_3`` ...
    in order, so no column is lost.
    """
    names: list[str] = []
    taken: set[str] = set()
    for column in table.columns:
        name = safe_name(str(column))
        base, n = name, 2
        while name.lower() in taken:
            name, n = f"{base[: SPSS_MAX_NAME - 4]}_{n}", n + 1
        taken.add(name.lower())
        names.append(name)
    out = table.copy()
    out.columns = names
    for name in names:
        if _is_boolean(out[name]):
            out[name] = pd.array(
                [pd.NA if pd.isna(v) else int(bool(v)) for v in out[name]], dtype="Int8"
            )
        elif _is_whole(out[name]):
            out[name] = out[name].astype("Int64")  # whole numbers with gaps stay whole
    return out


def _present(column: pd.Series) -> list[object]:
    return [
        v for v in column if not (v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)))
    ]


def _is_whole(column: pd.Series) -> bool:
    if column.dtype != object:
        return False
    values = _present(column)
    return bool(values) and all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def _is_boolean(column: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(column.dtype):
        return True
    if column.dtype != object:
        return False
    values = _present(column)
    return bool(values) and all(isinstance(v, bool) for v in values)
