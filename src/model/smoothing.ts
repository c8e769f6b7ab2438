/*
 * Smoothing of time series by an exponential moving average, as the chart
 * tab draws it and as the notebook code passes it on.
 */

/** Largest smoothing weight, because at 1 the average would never move. */
export const MAX_SMOOTHING = 0.99;

/**
 * Return a smoothing factor within 0 and `MAX_SMOOTHING`.
 */
export function clampSmoothing(value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    return 0;
  }
  return Math.min(value, MAX_SMOOTHING);
}

/**
 * Smooth values with an exponential moving average:
 * `s[i] = weight * s[i - 1] + (1 - weight) * v[i]`, starting from the
 * first value. `null` values stay `null` and do not move the average.
 */
export function smoothValues(
  values: readonly (number | null)[],
  weight: number
): (number | null)[] {
  const w = clampSmoothing(weight);
  if (w === 0) {
    return [...values];
  }
  let last: number | null = null;
  return values.map(value => {
    if (value === null) {
      return null;
    }
    last = last === null ? value : w * last + (1 - w) * value;
    return last;
  });
}
