/*
 * How many points a chart requests per metric series, from the width of
 * its plot. The server downsamples longer series to that many.
 */

/**
 * Most points requested per time series, and the number requested when the
 * chart's width is unknown. It bounds the data of a chart of many series.
 */
export const DEFAULT_MAX_POINTS = 2000;

/**
 * Maximum points requested per series for a zoomed range. A zoom is for
 * detail, so a wide plot gets four points per pixel up to this cap.
 */
export const ZOOM_MAX_POINTS = 8000;

/** Minimum points requested per series, for plots only a few pixels wide. */
const MIN_POINT_BUDGET = 100;

/**
 * Return the number of points to request per series for a plot of a given
 * width in CSS pixels. The server keeps four points per bucket (first,
 * minimum, maximum, last). A whole series gets two points per pixel, up to
 * `DEFAULT_MAX_POINTS`, which keeps every spike and draws a chart of many
 * series quickly. A zoomed range gets four per pixel, one bucket per pixel
 * column, up to `ZOOM_MAX_POINTS`, so a zoom into a range with fewer
 * points gets every point.
 */
export function pointBudget(width: number, zoomed = false): number {
  if (!(width > 0)) {
    return DEFAULT_MAX_POINTS;
  }
  const perPixel = zoomed ? 4 : 2;
  const cap = zoomed ? ZOOM_MAX_POINTS : DEFAULT_MAX_POINTS;
  return Math.min(
    cap,
    Math.max(MIN_POINT_BUDGET, Math.round(perPixel * width))
  );
}
