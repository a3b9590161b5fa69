"""Keep ``None`` alive under PySide6 6.12 on Python 3.11.

PySide6 6.12.0 returns ``None`` from every void C++ method (``QPainter.drawRect``,
``QWidget.update``...) without taking a reference to it. On Python 3.12+ ``None`` is
immortal and nothing happens; on 3.11 each call drops its reference count by one, and after
a few thousand calls the interpreter aborts with "Fatal Python error: none_dealloc".
Raising the count once by a huge margin makes ``None`` effectively immortal, as 3.12 does.
"""

from __future__ import annotations

import sys

_MARGIN = 1 << 50


def install() -> None:
    if sys.version_info >= (3, 12):
        return
    import ctypes

    # ob_refcnt is the first field of every (non-debug build) PyObject.
    refcount = ctypes.c_ssize_t.from_address(id(None))
    if refcount.value < _MARGIN:
        refcount.value += _MARGIN
