"""Downsampling of metric series that keeps every extreme.

A chart cannot show more points than it has pixel columns, so long series are
reduced before they are sent or drawn. Random or every-k-th sampling loses
isolated spikes. This module splits the x range into equal-width buckets and
keeps, per bucket, the first, minimum, maximum and last point (the method known
as M4). Every bucket's extremes survive, so a single spike is never dropped, and
the result is deterministic.

Non-finite values are kept as well. +inf and -inf take part in the minimum and
maximum like any number, so they are the extremes of their bucket. The first
NaN of each bucket is kept as an extra point. Callers then flag what cannot be
drawn: the REST API sends these values as the strings ``"NaN"``,
``"Infinity"`` and ``"-Infinity"``, and the notebook charts leave a gap and add
a note that counts them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# Points kept per bucket: first, minimum, maximum, last, and the first NaN if
# the series has any.
_POINTS_PER_BUCKET = 4
_POINTS_PER_BUCKET_WITH_NAN = 5

# Smallest budget a caller may ask for: the minimum and the maximum.
MAX_POINTS_MIN = 2


def downsample(x: Any, y: Any, max_points: int, log_x: bool = False) -> np.ndarray:
    """Select at most ``max_points`` points of a series, keeping the extremes.

    Parameters
    ----------
    x : array-like of float or None
        The points' x values (steps or timestamps): finite and non-decreasing.
        With None, the buckets are equal runs of points instead, for series
        whose points lack an x value.
    y : array-like of float
        The points' values, in the same order. NaN and infinities are allowed.
    max_points : int
        Largest number of points to return, at least 2.
    log_x : bool, default False
        Whether the chart draws ``x`` on a log axis. The buckets then have
        equal widths in log10(x), so that each decade gets its share of the
        points. Points with ``x`` of zero or less, which a log axis cannot
        show, share one bucket of their own.

    Returns
    -------
    numpy.ndarray of int
        Positions of the kept points in the input, ascending and without
        repeats. All positions if the series has at most ``max_points`` points.

    Raises
    ------
    ValueError
        If ``max_points`` is below 2, the lengths differ, or ``x`` is not
        finite or decreases.

    Notes
    -----
    The x range is split into ``max_points // 4`` buckets of equal width (``//
    5`` if any value is NaN). Each non-empty bucket keeps its first point, its
    first point with the minimum value, its first point with the maximum value,
    its last point and, if present, its first NaN. A budget below one bucket's
    size keeps, in this order of priority, the maximum, the minimum, the first
    NaN, the first point and the last point.

    Examples
    --------
    >>> import numpy as np
    >>> values = np.ones(1000)
    >>> values[537] = 100.0
    >>> kept = downsample(np.arange(1000.0), values, 20)
    >>> len(kept) <= 20, 537 in kept
    (True, True)
    """
    values = np.asarray(y, dtype=float)
    count = values.size
    if max_points < MAX_POINTS_MIN:
        raise ValueError(f"max_points must be at least {MAX_POINTS_MIN}, not {max_points}")
    positions = None if x is None else _checked_positions(x, count)
    if count <= max_points:
        return np.arange(count)

    is_nan = np.isnan(values)
    per_bucket = _POINTS_PER_BUCKET_WITH_NAN if is_nan.any() else _POINTS_PER_BUCKET
    bucket_count = max_points // per_bucket
    if bucket_count == 0:
        return _extremes_only(values, is_nan, max_points)

    if positions is not None and log_x:
        buckets = _log_bucket_of_each_point(positions, bucket_count)
    else:
        buckets = _bucket_of_each_point(positions, count, bucket_count)
    # Buckets are contiguous runs because x does not decrease.
    starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]])
    ends = np.r_[starts[1:], count]
    run_of_point = np.repeat(np.arange(starts.size), ends - starts)

    kept = [starts, ends - 1]
    # NaN never equals the bucket's minimum or maximum, so it is excluded
    # from both by the equality tests below.
    for fill, reduce in ((np.inf, np.minimum), (-np.inf, np.maximum)):
        comparable = np.where(is_nan, fill, values)
        extreme = reduce.reduceat(comparable, starts)
        kept.append(_first_per_run(values == extreme[run_of_point], run_of_point))
    if per_bucket == _POINTS_PER_BUCKET_WITH_NAN:
        kept.append(_first_per_run(is_nan, run_of_point))
    return np.unique(np.concatenate(kept))


def _checked_positions(x: Any, count: int) -> np.ndarray:
    positions = np.asarray(x, dtype=float)
    if positions.shape != (count,):
        raise ValueError(f"x has {positions.size} values but y has {count}")
    if not np.isfinite(positions).all():
        raise ValueError("x must be finite; pass x=None to bucket by position")
    if count > 1 and (np.diff(positions) < 0).any():
        raise ValueError("x must not decrease; sort the points by x first")
    return positions


def _bucket_of_each_point(
    positions: np.ndarray | None, count: int, bucket_count: int
) -> np.ndarray:
    if positions is None:
        return np.arange(count) * bucket_count // count
    low, high = positions[0], positions[-1]
    if not high > low:
        return np.zeros(count, dtype=np.int64)
    scaled = np.floor((positions - low) / (high - low) * bucket_count)
    # The last point lands on bucket_count itself; rounding can do the same
    # to points just below it.
    return np.minimum(scaled, bucket_count - 1).astype(np.int64)


def _log_bucket_of_each_point(positions: np.ndarray, bucket_count: int) -> np.ndarray:
    # x does not decrease, so the points a log axis cannot show come first.
    first_positive = int(np.searchsorted(positions, 0.0, "right"))
    buckets = np.zeros(positions.size, dtype=np.int64)
    if first_positive == positions.size:
        return buckets
    reserved = 1 if first_positive > 0 and bucket_count > 1 else 0
    logs = np.log10(positions[first_positive:])
    buckets[first_positive:] = (
        _bucket_of_each_point(logs, logs.size, bucket_count - reserved) + reserved
    )
    return buckets


def _first_per_run(mask: np.ndarray, run_of_point: np.ndarray) -> np.ndarray:
    """Return the first position where ``mask`` is true in each run that has one."""
    candidates = np.flatnonzero(mask)
    _, first = np.unique(run_of_point[candidates], return_index=True)
    return candidates[first]


def _extremes_only(values: np.ndarray, is_nan: np.ndarray, max_points: int) -> np.ndarray:
    candidates: list[int] = []
    if not is_nan.all():
        numbers = values[~is_nan]
        for extreme in (numbers.max(), numbers.min()):
            candidates.append(int(np.flatnonzero(values == extreme)[0]))
    if is_nan.any():
        candidates.append(int(np.argmax(is_nan)))
    candidates += [0, values.size - 1]
    unique = list(dict.fromkeys(candidates))
    return np.array(sorted(unique[:max_points]), dtype=np.int64)
