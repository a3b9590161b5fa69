"""Inter-rater reliability: agreement statistics on plain data, no database and no Qt.

- :mod:`.kappa`: Cohen's (weighted) kappa of a confusion matrix with SE, CI, kappa max,
  Byrt's prevalence/bias indices, Landis & Koch labels.
- :mod:`.units`, :mod:`.timeunit`: per-frame or per-interval sequences and their agreement,
  with a symmetric tolerance window.
- :mod:`.alignment`: event-based agreement by least-cost alignment (nil = omission/commission).
- :mod:`.ratings`, :mod:`.krippendorff`, :mod:`.rating_analysis`: ICCs, weighted kappa over a
  full scale, Fleiss' kappa, Krippendorff's alpha, correlations.
- :mod:`.analysis`: a project's codings per session, segment and coder pair, pooled by counts.
- :mod:`.disagreements`: where the coders disagree, for the navigator.
- :mod:`.sampling`: the seeded share of sessions to double-code.
- :mod:`.report` (a package): table, CSV, JSON and self-contained HTML reports.
"""
