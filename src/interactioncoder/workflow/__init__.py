"""Application rules shared by the GUI (``ui``) and the CLI (``commands``); Qt-free.

A rule both front ends need lives here once (or lower, in ``core``), never in a widget:

- :mod:`.sessions`: opening a session for a coder (role policy, codebook version, timebase).
- :mod:`.visibility`: blind coding, who may see whose coding.
- :mod:`.consensus`: storing a PI's consensus coding in one transaction.
- :mod:`.reliability`: the one reliability report (codings and ratings) every front end shows.
- scale totals (partial when items are missing): pure, in ``core.rating_totals``.
- :mod:`.segments`: clamping a segment edit to the recording.
- :mod:`.sampling`, :mod:`.relink`: drawing the reliability sample; matching moved videos.
- :mod:`.analysis`: the PI's analyses of a project (per phase, sequential, latencies, ...).
- :mod:`.signals`, :mod:`.signal_tables`, :mod:`.voice`: motion energy, synchrony, voice.
- :mod:`.changes`: what an operation changed, so views refresh from facts.
- :mod:`.project_setup`, :mod:`.session_setup`, :mod:`.codebook_versions`,
  :mod:`.codebook_draft`, :mod:`.segments_template`, :mod:`.blinding`: setting up a study.
"""
