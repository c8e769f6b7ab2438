"""Capture metric values from a training job's log lines.

Rules:

* every definition is applied to every line with ``re.search``, so only the
  first match in a line counts;
* group 1 is parsed with :func:`~.metric_definitions.parse_number`; NaN and
  infinities are values;
* each metric's points are numbered from 0 in line order (the step) and carry
  the time the line was read;
* captures that are not numbers are counted, with a few examples kept for the
  end-of-job report. They are never dropped without a trace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .metric_definitions import MetricDefinition, parse_number

# How many unparsable captures per metric are quoted in the report.
_EXAMPLES_KEPT = 3
# Captured text longer than this is cut in the report.
_EXAMPLE_MAX = 60


@dataclass(frozen=True)
class MetricPoint:
    """One captured value, ready for ``batch_put_metrics``."""

    metric_name: str
    value: float
    step: int
    timestamp: float

    def to_boto(self) -> dict[str, object]:
        """Return the point in ``batch_put_metrics``'s ``MetricData`` item shape."""
        return {
            "MetricName": self.metric_name,
            "Value": self.value,
            "Step": self.step,
            "Timestamp": self.timestamp,
        }


@dataclass
class NonNumericCaptures:
    """Captures of one metric that were not numbers."""

    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, text: str | None) -> None:
        """Count one capture and keep it as an example while there are few."""
        self.count += 1
        if len(self.examples) < _EXAMPLES_KEPT:
            example = "<group 1 did not match>" if text is None else text
            if len(example) > _EXAMPLE_MAX:
                example = example[:_EXAMPLE_MAX] + "..."
            self.examples.append(example)


class MetricCapture:
    """Apply metric definitions to log lines and number the points per metric.

    Parameters
    ----------
    definitions : sequence of MetricDefinition
        Checked definitions (see :func:`~.metric_definitions.parse_metric_definitions`).
    """

    def __init__(self, definitions: Sequence[MetricDefinition]) -> None:
        self.definitions = tuple(definitions)
        self.counts: dict[str, int] = {d.name: 0 for d in self.definitions}
        self.non_numeric: dict[str, NonNumericCaptures] = {}

    def feed(self, line: str, timestamp: float) -> list[MetricPoint]:
        """Return the points captured from one line (without its line break)."""
        points = []
        for definition in self.definitions:
            match = definition.pattern.search(line)
            if match is None:
                continue
            captured = match.group(1)
            value = parse_number(captured)
            if value is None:
                self.non_numeric.setdefault(definition.name, NonNumericCaptures()).add(captured)
                continue
            step = self.counts[definition.name]
            self.counts[definition.name] = step + 1
            points.append(MetricPoint(definition.name, value, step, timestamp))
        return points

    def report_lines(self) -> list[str]:
        """Return one human-readable line per metric that had non-numeric captures."""
        lines = []
        for name, captures in self.non_numeric.items():
            examples = ", ".join(repr(text) for text in captures.examples)
            lines.append(
                f"Metric {name!r}: {captures.count} captured value(s) were not numbers "
                f"and were not recorded (e.g. {examples})."
            )
        return lines


__all__ = ["MetricCapture", "MetricPoint", "NonNumericCaptures"]
