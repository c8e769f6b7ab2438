import type { IMetricSeries } from '../api/types';

/**
 * Sort metric points for drawing: by step, then by time, then in logged
 * order, so a line never jumps back however the points were logged.
 * Points without a step come last, by time. With `by` set to `time`, the
 * time comes first and the step breaks ties.
 */
export function sortMetricPoints<
  T extends { step: number | null; timestamp: string | null }
>(points: readonly T[], by: 'step' | 'time' = 'step'): T[] {
  // The server sends points in step order, and parsing every timestamp to
  // check ties would cost more than drawing them.
  if (by === 'step' && strictlyIncreasingSteps(points)) {
    return [...points];
  }
  const time = (point: T) => {
    const ms = point.timestamp ? Date.parse(point.timestamp) : NaN;
    return Number.isNaN(ms) ? null : ms;
  };
  const compareNullable = (a: number | null, b: number | null) => {
    if (a === null && b === null) {
      return 0;
    }
    if (a === null || b === null) {
      return a === null ? 1 : -1;
    }
    return a - b;
  };
  const indexed = points.map((point, index) => ({
    point,
    index,
    step: point.step,
    time: time(point)
  }));
  indexed.sort((a, b) => {
    const first =
      by === 'step'
        ? compareNullable(a.step, b.step)
        : compareNullable(a.time, b.time);
    const second =
      by === 'step'
        ? compareNullable(a.time, b.time)
        : compareNullable(a.step, b.step);
    return first || second || a.index - b.index;
  });
  return indexed.map(item => item.point);
}

function strictlyIncreasingSteps(
  points: readonly { step: number | null }[]
): boolean {
  for (let index = 0; index < points.length; index++) {
    const step = points[index].step;
    if (step === null) {
      return false;
    }
    if (index > 0 && step <= (points[index - 1].step as number)) {
      return false;
    }
  }
  return true;
}

/**
 * Return the time of a series' earliest point in ms since the epoch, the
 * zero of the relative time axis, or `null` when no point has a time.
 */
export function seriesTimeOrigin(
  points: IMetricSeries['points']
): number | null {
  let origin: number | null = null;
  for (const point of points) {
    const ms = point.timestamp ? Date.parse(point.timestamp) : NaN;
    if (!Number.isNaN(ms) && (origin === null || ms < origin)) {
      origin = ms;
    }
  }
  return origin;
}
