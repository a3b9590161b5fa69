"""Headless sub-commands of the ``interactioncoder`` command line (no Qt here).

Each module exposes ``register(subparsers)``, which adds its parser and sets
``handler`` to a function ``(argparse.Namespace) -> int``. ``cli.COMMAND_MODULES`` lists
them in the order ``--help`` shows.
"""
