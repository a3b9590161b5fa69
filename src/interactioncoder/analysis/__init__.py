"""Findings from codings: statistics on plain arrays and events, no database and no Qt.

- :mod:`.timeline`: a session's events as per-code frame intervals, its phases, and the
  :class:`~.timeline.Instance` references every result keeps (session, frames, event ids).
- :mod:`.tables`: 2×2 tables (odds ratio with CI, Yule's Q, adjusted residual) and R×C
  tables (expected counts, adjusted residuals).
- :mod:`.phases`: frequency, rate, bout durations, proportion and latency per phase.
- :mod:`.window`: time-window sequential analysis (Bakeman & Quera 2011) with a seeded
  randomisation test.
- :mod:`.lag`: event lag-k sequential analysis.
- :mod:`.latency`: response latencies (censored at a maximum).
- :mod:`.matching`: affect match, mismatch and repair (Tronick & Gianino 1986).
- :mod:`.cooccurrence`: how much of code A's time code B is on, and the reverse.
- :mod:`.phase_ratings`: ratings per phase, pooled as mean, SD and n.
- :mod:`.records`: results as tidy records; :mod:`.plots`: phase bars, forest plot.

Every result row keeps its instances, so a front end can seek to each one. The GUI and
the CLI run these through :mod:`interactioncoder.workflow.analysis`.
"""
