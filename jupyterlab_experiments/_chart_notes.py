"""Values a notebook chart cannot draw, and the notes that count them.

A chart never leaves a value out silently: a note above the plot counts
the points not shown and gives the reason.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import plotly.graph_objects as go

# Largest magnitude drawn. Plotly leaves values beyond about 1.8e304 out of its
# axis ranges (its limit for safe arithmetic) and then fails to draw their
# lines, so the chart leaves them out itself and counts them in a note.
DRAWABLE_LIMIT = 1e304


def drawable(value: float) -> bool:
    """Tell whether plotly can draw a number: finite and within ``DRAWABLE_LIMIT``."""
    return math.isfinite(value) and abs(value) <= DRAWABLE_LIMIT


def drawable_array(values: np.ndarray) -> np.ndarray:
    """Return which of ``values`` plotly can draw, as ``drawable`` does for one."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(values) & (np.abs(values) <= DRAWABLE_LIMIT)


def count_text(count: int, singular: str, plural: str) -> str:
    """Return ``count`` followed by the noun in the singular or plural."""
    return f"{count} {singular if count == 1 else plural}"


def is_are(count: int) -> str:
    """Return the verb "is" or "are" for ``count`` things."""
    return "is" if count == 1 else "are"


def log_note(count: int, axis: str) -> str:
    """Return the note for points left out because a log axis cannot show them."""
    return (
        count_text(count, "point with a value", "points with values")
        + f" ≤ 0 {is_are(count)} not shown on the log {axis} axis."
    )


def add_notes(figure: go.Figure, notes: list[str]) -> None:
    """Write ``notes`` above the plot, one line each, and make room for them."""
    if not notes:
        return
    figure.add_annotation(
        text="<br>".join(html.escape(note) for note in notes),
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        xanchor="left",
        yanchor="bottom",
        align="left",
        showarrow=False,
        font={"size": 11},
    )
    # 100 pixels is plotly's default top margin.
    top = figure.layout.margin.t if figure.layout.margin.t is not None else 100
    figure.update_layout(margin={"t": top + 16 * len(notes)})
