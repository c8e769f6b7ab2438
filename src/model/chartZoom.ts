import type { IMetricSeries } from '../api/types';
import type { IChartProperties, TimeAxis } from './chart';
import type { ISeriesRequest } from './chartSeries';
import { parseLocalTimeText } from './localTime';
import { seriesTimeOrigin } from './metricPoints';

/**
 * How long a zoom waits for the next relayout event before it fetches, in
 * milliseconds, so that a drag or wheel zoom fetches once, at its end.
 */
export const ZOOM_DELAY_MS = 150;

/**
 * Largest distance from 1970 in ms that `Date` represents, which bounds
 * the numbers read from a date axis.
 */
const MAX_DATE_MS = 8.64e15;

/**
 * An x axis range as plotly stores it: numbers, their base-10 logarithms
 * on a log axis, or local time text on a date axis.
 */
export type PlotRange = [number | string, number | string];

/**
 * A zoomed x range of a time series chart.
 */
export interface IZoomRange {
  /** The range in plotly's units, given back to plotly to keep the view. */
  plot: PlotRange;
  /**
   * Lower end in the units of the chart's x values: the step, seconds
   * since the component's first point, or ms since the epoch on the wall
   * time axis.
   */
  min: number;
  /** Upper end, in the units of `min`. */
  max: number;
}

/**
 * Action of a relayout event on a time series chart: draw a zoomed range,
 * or go back to the whole series.
 */
export type ZoomAction =
  { kind: 'zoom'; range: IZoomRange } | { kind: 'reset' };

/**
 * The x axis of plotly's layout after a relayout event.
 */
export interface IPlotAxis {
  range?: unknown;
  autorange?: unknown;
}

/**
 * An x range in the units of the server's `x_min` and `x_max`: the step,
 * or seconds since the epoch on both time axes.
 */
export interface IRequestRange {
  xMin: number;
  xMax: number;
}

/**
 * Return the settings whose change redraws a chart from its automatic
 * ranges, plotly's `uirevision`. A zoom is kept while they stay the same.
 */
export function viewRevision(properties: IChartProperties): string {
  return JSON.stringify([
    properties.dataType,
    properties.chartType,
    properties.x,
    properties.y,
    properties.metric,
    properties.xAxis,
    properties.logX,
    properties.logY
  ]);
}

/**
 * Read the y range that a plotly relayout event sets, in plotly's units.
 * A box zoom, a pan or a drag of the y axis gives its range. A return to
 * the automatic range gives `'auto'`. An event that leaves the y axis
 * alone, or a range that cannot be read, gives `null`.
 *
 * @param axis - Plotly's y axis after the event, which gives the end that
 *   an event moving only one end leaves out.
 */
export function yRangeChange(
  event: object,
  axis: IPlotAxis | undefined
): [number, number] | 'auto' | null {
  const fields = event as { [key: string]: unknown };
  const nested: IPlotAxis = isRecord(fields.yaxis) ? fields.yaxis : {};
  if (fields['yaxis.autorange'] === true || nested.autorange === true) {
    return 'auto';
  }
  let ends = fields['yaxis.range'] ?? nested.range;
  if (!Array.isArray(ends)) {
    if (!('yaxis.range[0]' in fields) && !('yaxis.range[1]' in fields)) {
      return null;
    }
    const current = Array.isArray(axis?.range) ? axis.range : [];
    ends = [
      fields['yaxis.range[0]'] ?? current[0],
      fields['yaxis.range[1]'] ?? current[1]
    ];
  }
  const [low, high] = ends as unknown[];
  const readable =
    (ends as unknown[]).length === 2 &&
    typeof low === 'number' &&
    typeof high === 'number' &&
    Number.isFinite(low) &&
    Number.isFinite(high);
  return readable ? [low, high] : null;
}

/**
 * Read a plotly relayout event of a time series chart.
 *
 * @param event - The event: keys such as `xaxis.range[0]`, `xaxis.range`
 *   or `xaxis.autorange`, as plotly sends after a zoom, a pan, a double
 *   click or the mode bar's "Autoscale" and "Reset axes".
 * @param axis - Plotly's x axis after the event, which gives the end that
 *   an event moving only one end leaves out.
 * @returns The action, or `null` for events that leave the x range alone,
 *   such as a y axis zoom or a resize, and for ranges that cannot be read.
 */
export function zoomAction(
  event: object,
  axis: IPlotAxis | undefined,
  properties: IChartProperties
): ZoomAction | null {
  const fields = event as { [key: string]: unknown };
  const nested: IPlotAxis = isRecord(fields.xaxis) ? fields.xaxis : {};
  if (fields['xaxis.autorange'] === true || nested.autorange === true) {
    return { kind: 'reset' };
  }

  const whole = fields['xaxis.range'] ?? nested.range;
  let ends: unknown[] | null = null;
  if (Array.isArray(whole)) {
    ends = whole;
  } else if ('xaxis.range[0]' in fields || 'xaxis.range[1]' in fields) {
    const current = Array.isArray(axis?.range) ? axis.range : [];
    ends = [
      fields['xaxis.range[0]'] ?? current[0],
      fields['xaxis.range[1]'] ?? current[1]
    ];
  }
  if (!ends || ends.length !== 2) {
    return null;
  }

  const range = zoomRange(ends, properties);
  return range ? { kind: 'zoom', range } : null;
}

/**
 * Convert the two ends of a plotly range to a zoom range, or `null` when
 * either end is not a number, or not a time on the wall time axis.
 */
function zoomRange(
  ends: unknown[],
  properties: IChartProperties
): IZoomRange | null {
  const [first, second] = ends;
  if (!isPlotValue(first) || !isPlotValue(second)) {
    return null;
  }
  const low = plotValueToX(first, properties);
  const high = plotValueToX(second, properties);
  if (low === null || high === null) {
    return null;
  }
  return {
    plot: [first, second],
    min: Math.min(low, high),
    max: Math.max(low, high)
  };
}

/**
 * Convert one end of a plotly x range to the units of the chart's x
 * values, undoing what plotly does on log and date axes.
 */
export function plotValueToX(
  value: number | string,
  properties: IChartProperties
): number | null {
  if (properties.xAxis === 'wallTime') {
    return plotDateToMs(value);
  }
  const number = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && value.trim() === '') {
    return null;
  }
  // A log axis stores its range as base-10 logarithms.
  const x = properties.logX ? 10 ** number : number;
  return Number.isFinite(x) ? x : null;
}

/**
 * Convert a value of plotly's date axis to ms since the epoch. The chart
 * writes wall times as local time text (`localTimeText`), and plotly keeps
 * that clock time without a time zone, so the text is read as local time.
 * A number is plotly's own form of that clock time: ms since 1970 on a
 * clock without a time zone.
 */
export function plotDateToMs(value: number | string): number | null {
  if (typeof value === 'string') {
    return parseLocalTimeText(value);
  }
  if (!Number.isFinite(value) || Math.abs(value) > MAX_DATE_MS) {
    return null;
  }
  // The UTC fields of the number are the clock time plotly shows.
  const clock = new Date(value).toISOString().slice(0, -1);
  const ms = parseLocalTimeText(clock);
  return ms === null ? null : ms + (value - Math.trunc(value));
}

/**
 * Return the x range to request for one component, in the server's units,
 * or `null` for a relative time range of a component without times.
 *
 * @param origin - Time of the component's first point in ms since the
 *   epoch, which relative times count from.
 */
export function requestRange(
  range: IZoomRange,
  axis: TimeAxis,
  origin: number | null
): IRequestRange | null {
  switch (axis) {
    case 'step':
      return { xMin: range.min, xMax: range.max };
    case 'wallTime':
      return { xMin: range.min / 1000, xMax: range.max / 1000 };
    case 'relativeTime':
      if (origin === null) {
        return null;
      }
      return {
        xMin: origin / 1000 + range.min,
        xMax: origin / 1000 + range.max
      };
  }
}

/**
 * Return a zoomed range in the units of `time_series_chart`'s `x_range`,
 * or `null` without a zoom: steps, seconds since each component's first
 * point, or epoch seconds on the wall time axis.
 */
export function codeRange(
  range: IZoomRange | null,
  properties: IChartProperties
): [number, number] | null {
  if (!range || properties.dataType !== 'timeSeries') {
    return null;
  }
  const scale = properties.xAxis === 'wallTime' ? 1000 : 1;
  return [range.min / scale, range.max / scale];
}

/**
 * Return the requests for the points in a zoomed range, one for each
 * series that the server downsampled, because the other series have all
 * their points already.
 *
 * @param whole - The whole series of the chart, by component name.
 */
export function zoomRequests(
  range: IZoomRange,
  whole: ReadonlyMap<string, IMetricSeries>,
  axis: TimeAxis
): ISeriesRequest[] {
  const requests: ISeriesRequest[] = [];
  for (const [name, series] of whole) {
    if (series.downsampled !== true) {
      continue;
    }
    // Relative times count from the first point of the whole series.
    const bounds = requestRange(range, axis, seriesTimeOrigin(series.points));
    if (bounds) {
      requests.push({ name, ...bounds });
    }
  }
  return requests;
}

/**
 * A load of a zoomed range. `current()` returns whether it is still the
 * latest, because a later zoom, reset or load makes its result stale.
 */
export interface IZoomTicket {
  range: IZoomRange;
  current(): boolean;
}

/**
 * The zoomed x range of a time series chart. It waits until the relayout
 * events stop before it requests a load, and hands out tickets that show
 * which result is the latest, so a slow response never replaces a newer one.
 */
export class ZoomController {
  /**
   * Create a controller without a zoom.
   */
  constructor(options: ZoomController.IOptions) {
    this._onSettle = options.onSettle;
    this._delay = options.delay ?? ZOOM_DELAY_MS;
  }

  /** The zoomed range, or `null` while the chart shows the whole series. */
  get range(): IZoomRange | null {
    return this._range;
  }

  /**
   * Zoom to a range. The range applies at once, and `onSettle` receives a
   * ticket for it after `delay` ms without another zoom.
   */
  zoom(range: IZoomRange): void {
    this._range = range;
    this._generation++;
    window.clearTimeout(this._timer);
    this._timer = window.setTimeout(() => {
      const ticket = this.start();
      if (ticket) {
        this._onSettle(ticket);
      }
    }, this._delay);
  }

  /**
   * Go back to the whole series, dropping a waiting zoom and the results
   * of running loads.
   */
  reset(): void {
    this._range = null;
    this._generation++;
    window.clearTimeout(this._timer);
  }

  /**
   * Start a load of the current range, which makes earlier tickets stale.
   *
   * @returns The ticket, or `null` without a zoom.
   */
  start(): IZoomTicket | null {
    const range = this._range;
    if (!range) {
      return null;
    }
    const generation = ++this._generation;
    return { range, current: () => generation === this._generation };
  }

  /**
   * Stop the timer of a waiting zoom.
   */
  dispose(): void {
    this.reset();
  }

  private _onSettle: (ticket: IZoomTicket) => void;
  private _delay: number;
  private _range: IZoomRange | null = null;
  private _generation = 0;
  private _timer = 0;
}

/**
 * A namespace for `ZoomController` statics.
 */
export namespace ZoomController {
  /**
   * Options of the controller.
   */
  export interface IOptions {
    /** Called with a ticket once a zoom has lasted `delay` ms. */
    onSettle: (ticket: IZoomTicket) => void;
    /** Wait after the last zoom in ms. The default is `ZOOM_DELAY_MS`. */
    delay?: number;
  }
}

function isPlotValue(value: unknown): value is number | string {
  return typeof value === 'number' || typeof value === 'string';
}

function isRecord(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
