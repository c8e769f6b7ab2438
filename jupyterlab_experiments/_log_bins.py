"""Histogram bins of equal width in log10 space, for a log x axis.

Plotly bins a histogram in data units, which on a log axis draws an empty
plot or a single bar. A log histogram is therefore counted here and drawn
as bars between the bin edges. The rule matches the chart tab's, so a
chart copied into a notebook shows the same bins.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# Bin widths in decades, from which the narrowest that fits is chosen.
_DECADE_STEPS = (0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100)

# Most bins a log histogram gets, however many values it counts.
_MAX_BINS = 50

# Largest bin edge. Plotly computes a bar's middle and sides from its edges,
# which must stay within its range of safe arithmetic.
_MAX_EDGE = 1e304


def log_bin_edges(values: Sequence[float]) -> list[float]:
    """Return the edges of log bins for the positive finite ``values``.

    About one bin more than log2 of their number (Sturges' rule), with edges
    on multiples of a round fraction of a decade. The first edge is at or
    below the smallest value and the last above the largest. Empty without
    positive values.
    """
    positive = [value for value in values if math.isfinite(value) and value > 0]
    if not positive:
        return []
    smallest, largest = min(positive), max(positive)
    target = min(_MAX_BINS, math.ceil(math.log2(len(positive))) + 1)
    target_width = (math.log10(largest) - math.log10(smallest)) / target
    step = next((item for item in _DECADE_STEPS if item >= target_width), _DECADE_STEPS[-1])

    # Checked on the values themselves, because the logarithms are rounded.
    first = math.floor(math.log10(smallest) / step)
    while _edge(first, step) > smallest:
        first -= 1
    last = math.floor(math.log10(largest) / step) + 1
    while _edge(last, step) <= largest:
        last += 1
    edges = [_edge(index, step) for index in range(first, last + 1)]

    # Edges beyond the range of floats, for values near its ends, give way
    # to the values themselves, and the last bin then includes its end.
    if not edges[0] > 0:
        edges[0] = smallest
    if not edges[-1] <= _MAX_EDGE:
        edges[-1] = largest
    return edges


def _edge(index: int, step: float) -> float:
    try:
        return 10.0 ** (index * step)
    except OverflowError:
        return math.inf


def count_log_bins(values: Sequence[float], edges: Sequence[float]) -> list[int]:
    """Count ``values`` into the bins ``[edges[i], edges[i + 1])``; others are not counted.

    The last bin also counts a value equal to its end.
    """
    counts = [0] * max(0, len(edges) - 1)
    for value in values:
        for index in range(len(counts)):
            last = index == len(counts) - 1
            if edges[index] <= value < edges[index + 1] or (last and value == edges[index + 1]):
                counts[index] += 1
                break
    return counts
