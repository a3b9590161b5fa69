"""Program entry: the GUI when no command is given, the headless CLI otherwise.

This is the only module outside ``ui`` allowed to import it; ``cli`` stays Qt-free so
every headless command works on a machine without PySide6.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from interactioncoder import cli

    wants_gui = not args or (
        len(args) == 1 and not args[0].startswith("-") and args[0] not in cli.command_names()
    )
    if not wants_gui:
        return cli.main(args)
    try:
        from interactioncoder.ui.application import run_gui
    except ImportError as exc:
        print(
            f"interactioncoder: error: the application window needs PySide6 ({exc}). "
            "Headless commands still work: interactioncoder --help",
            file=sys.stderr,
        )
        return 2
    return int(run_gui(args[0] if args else None))


if __name__ == "__main__":
    sys.exit(main())
