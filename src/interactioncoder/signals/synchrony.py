"""Dyadic synchrony: windowed cross-lagged correlation (Boker, Rotondo, Xu & King 2002).

For windows of ``window`` samples starting every ``step`` samples, the Pearson correlation
of x[t : t+w] with y[t+lag : t+lag+w] for every lag in -max_lag..+max_lag. A positive lag
means y *follows* x by that many samples. Per window the peak is the lag of the largest
correlation (Boker's peak picking on the maximum); a window where either series does not
vary has no correlation (NaN) and no peak.

Global synchrony is the mean absolute Fisher z of all window × lag correlations (as in
Ramseyer & Tschacher's MEA). The surrogate test cuts y into segments of ``segment``
samples, shuffles them (seeded), and recomputes global synchrony: pseudo-synchrony of a
dyad whose timing was destroyed. p = (1 + #surrogates ≥ observed) / (1 + surrogates);
the effect size is (observed − mean of surrogates) / their SD.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_SAMPLES = 10_000_000
MAX_SURROGATES = 10_000


@dataclass(frozen=True)
class SynchronyParams:
    window: int  # samples per window
    step: int  # samples between window starts
    max_lag: int  # samples each way
    surrogates: int = 0  # shuffled pseudo-dyads for the test (0: no test)
    segment: int | None = None  # surrogate segment length (default: the window)
    seed: int = 0

    def __post_init__(self) -> None:
        if self.window < 3:
            raise ValueError("a window needs at least 3 samples")
        if self.step < 1:
            raise ValueError("the step must be at least one sample")
        if not 0 <= self.max_lag < self.window:
            raise ValueError("the maximum lag must be 0 or more and shorter than the window")
        if not 0 <= self.surrogates <= MAX_SURROGATES:
            raise ValueError(f"surrogates must be 0-{MAX_SURROGATES}")
        if self.segment is not None and self.segment < 1:
            raise ValueError("surrogate segments need at least one sample")


@dataclass(frozen=True)
class SurrogateTest:
    observed: float
    surrogate_mean: float
    surrogate_sd: float
    effect_size: float
    p_value: float
    count: int
    seed: int


@dataclass(frozen=True)
class Synchrony:
    params: SynchronyParams
    starts: np.ndarray  # window start sample, (windows,)
    lags: np.ndarray  # (lags,), -max_lag..max_lag
    r: np.ndarray  # (windows, lags); NaN where undefined
    peak_r: np.ndarray  # (windows,), NaN without a peak
    peak_lag: np.ndarray  # (windows,) float, NaN without a peak
    global_synchrony: float  # mean |Fisher z| over defined cells
    test: SurrogateTest | None

    def shares(self) -> tuple[float, float, float]:
        """Share of windows with a peak where x leads (lag > 0), y leads (< 0), in step (0)."""
        lags = self.peak_lag[~np.isnan(self.peak_lag)]
        if lags.size == 0:
            return (float("nan"),) * 3
        return (
            float(np.mean(lags > 0)),
            float(np.mean(lags < 0)),
            float(np.mean(lags == 0)),
        )


class LaggedCorrelator:
    """r[i, j] = corr(x[s_i : s_i+w], y[s_i+lag_j : s_i+lag_j+w]) for any y; NaN where y
    runs out or a window is flat.

    *lags* must be consecutive integers. The window × lag products are one FFT
    cross-correlation per window (the cost does not grow with the number of lags), and
    y's window sums come from running sums: no loop over lags. Everything that depends on
    x alone is computed once (the surrogate test calls this with many shuffled y).
    """

    def __init__(self, x: np.ndarray, starts: np.ndarray, window: int, lags: np.ndarray) -> None:
        self.n, self.window, self.lags, self.starts = x.size, window, lags, starts
        self.span = window + lags.size - 1  # y samples one window needs over all lags
        # circular correlation of x (zero-padded) with y's span does not wrap for the lags
        # wanted as long as the transform is at least one span long
        self.size = 1 << int(np.ceil(np.log2(self.span)))
        x_win = np.lib.stride_tricks.sliding_window_view(x, window)[starts]
        self.x_spectrum = np.conj(np.fft.rfft(x_win, self.size))
        self.sx = x_win.sum(axis=1)[:, None]
        self.var_x = window * (x_win * x_win).sum(axis=1)[:, None] - self.sx * self.sx
        y_start = starts[:, None] + lags[None, :]
        self.outside = (y_start < 0) | (y_start + window > self.n)

    def __call__(self, y: np.ndarray) -> np.ndarray:
        w, lags, count = float(self.window), self.lags, self.lags.size
        pad_lo, pad_hi = max(0, -int(lags[0])), max(0, int(lags[-1]))
        y_pad = np.concatenate([np.zeros(pad_lo), y, np.zeros(pad_hi)])
        first = self.starts + int(lags[0]) + pad_lo
        y_win = np.lib.stride_tricks.sliding_window_view(y_pad, self.span)[first]
        spectrum = self.x_spectrum * np.fft.rfft(y_win, self.size)
        sxy = np.fft.irfft(spectrum, self.size)[:, :count]
        zero = np.zeros((y_win.shape[0], 1))
        y_run = np.concatenate([zero, np.cumsum(y_win, axis=1)], axis=1)
        y2_run = np.concatenate([zero, np.cumsum(y_win * y_win, axis=1)], axis=1)
        sy = y_run[:, self.window :] - y_run[:, :count]
        syy = y2_run[:, self.window :] - y2_run[:, :count]
        denom = self.var_x * (w * syy - sy * sy)
        with np.errstate(invalid="ignore", divide="ignore"):
            r = (w * sxy - self.sx * sy) / np.sqrt(denom)
        r[~(denom > 1e-12 * w * w)] = np.nan  # a flat window has no correlation
        r[self.outside] = np.nan  # y does not reach that far
        clipped: np.ndarray = np.clip(r, -1.0, 1.0)
        return clipped


def lagged_correlations(
    x: np.ndarray, y: np.ndarray, starts: np.ndarray, window: int, lags: np.ndarray
) -> np.ndarray:
    """One :class:`LaggedCorrelator` call."""
    return LaggedCorrelator(x, starts, window, lags)(y)


def _global(r: np.ndarray) -> float:
    defined = r[~np.isnan(r)]
    if defined.size == 0:
        return float("nan")
    return float(np.mean(np.abs(np.arctanh(np.clip(defined, -0.999999, 0.999999)))))


def _peaks(r: np.ndarray, lags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    has = ~np.all(np.isnan(r), axis=1)
    peak_r = np.full(r.shape[0], np.nan)
    peak_lag = np.full(r.shape[0], np.nan)
    if has.any():
        best = np.nanargmax(r[has], axis=1)
        peak_r[has] = r[has][np.arange(best.size), best]
        peak_lag[has] = lags[best]
    return peak_r, peak_lag


def segment_shuffle(y: np.ndarray, segment: int, rng: np.random.Generator) -> np.ndarray:
    """y cut into segments of *segment* samples (the rest stays last), in a random order."""
    whole = y.size // segment
    pieces = y[: whole * segment].reshape(whole, segment)[rng.permutation(whole)]
    return np.concatenate([pieces.reshape(-1), y[whole * segment :]])


def synchrony(x: np.ndarray, y: np.ndarray, params: SynchronyParams) -> Synchrony:
    """Windowed cross-lagged correlation of two equally long, equally sampled series."""
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError("x and y must be 1-D series of the same length")
    if x.size > MAX_SAMPLES:
        raise ValueError(f"at most {MAX_SAMPLES:,} samples per series")
    if x.size < params.window:
        raise ValueError("the series are shorter than one window")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("the series contain missing or infinite values")
    # centring keeps the running sums small: no precision is lost to large means
    x, y = x - x.mean(), y - y.mean()
    starts = np.arange(0, x.size - params.window + 1, params.step)
    lags = np.arange(-params.max_lag, params.max_lag + 1)
    correlate = LaggedCorrelator(x, starts, params.window, lags)
    r = correlate(y)
    peak_r, peak_lag = _peaks(r, lags)
    observed = _global(r)
    test = _surrogate_test(correlate, y, params, observed) if params.surrogates else None
    return Synchrony(params, starts, lags, r, peak_r, peak_lag, observed, test)


def _surrogate_test(
    correlate: LaggedCorrelator, y: np.ndarray, params: SynchronyParams, observed: float
) -> SurrogateTest:
    segment = params.segment or params.window
    if y.size // segment < 2:
        raise ValueError("the series are too short to shuffle segments for the test")
    rng = np.random.default_rng(params.seed)
    values = np.array(
        [_global(correlate(segment_shuffle(y, segment, rng))) for _ in range(params.surrogates)]
    )
    values = values[~np.isnan(values)]
    mean, sd = float(values.mean()), float(values.std(ddof=1)) if values.size > 1 else 0.0
    effect = (observed - mean) / sd if sd > 0 else float("nan")
    p = (1 + int(np.sum(values >= observed))) / (1 + values.size)
    return SurrogateTest(observed, mean, sd, effect, p, int(values.size), params.seed)
