"""Bulk inserts of many rows: the statement compiled once, constant values processed once.

``session.execute(insert(table), rows)`` builds and type-processes every parameter of
every row in Python (a datetime becomes SQLite's text form once per row and column),
which took about half of a million-event import. Here the INSERT is compiled once for
the connection's dialect, constant columns (the same timestamp for every row) are
processed once, and rows go straight to the driver's ``executemany``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session as OrmSession

Row = tuple[Any, ...] | dict[str, Any]


class BulkInsert:
    """Inserts rows (dicts of column values) into *table* within the session's transaction."""

    def __init__(self, s: OrmSession, table: Table, constants: dict[str, Any]) -> None:
        self._conn = s.connection()
        dialect = self._conn.dialect
        compiled = insert(table).compile(dialect=dialect)
        self._sql = str(compiled)
        processors: dict[str, Callable[[Any], Any]] = {}
        for column in table.columns:
            process = column.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                processors[column.key] = process
        self.constants = {
            key: processors.pop(key)(value) if key in processors else value
            for key, value in constants.items()
        }
        self._per_row = tuple(processors.items())
        # qmark/format drivers (SQLite) take tuples in the statement's order, others dicts.
        order = compiled.positiontup if dialect.positional else None
        self._pick = itemgetter(*order) if order else None

    def row(self, values: dict[str, Any]) -> Row:
        """The driver's parameters for one row (*values* is updated in place)."""
        values.update(self.constants)
        for key, process in self._per_row:
            values[key] = process(values[key])
        return self._pick(values) if self._pick is not None else values

    def execute(self, rows: Sequence[Row]) -> None:
        if rows:
            self._conn.exec_driver_sql(self._sql, list(rows))
