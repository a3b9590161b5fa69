"""The timeline's model, Qt-free: state, geometry, hit testing, input handling, intents.

``state.TimelineState`` is what the timeline shows; ``handler.InputHandler`` turns plain
input values into state changes and typed ``intents``; ``layout`` (rows, the viewport's
one frames <-> pixels formula, per-row event arrays), ``hits``, ``interaction`` (drag
limits), ``ruler`` and ``tooltip`` are the pure pieces they use. Nothing here imports Qt
(an import-linter contract keeps it so), so all of it is tested headless.
"""
