import type { IMetricSeries, ITrialComponent } from '../api/types';
import { displayName, formatNumber, toNumber } from './format';
import { localTimeText } from './localTime';
import { seriesTimeOrigin, sortMetricPoints } from './metricPoints';
import { metricValue, parentNames } from './tableCells';
import { clampSmoothing, smoothValues } from './smoothing';
import { METRIC_STATISTICS, type MetricStatistic } from './tableColumns';

/**
 * Data types of a chart: one point per trial component from its
 * parameters and metric summaries, or the logged points of one metric
 * over time.
 */
export const CHART_DATA_TYPES = ['summary', 'timeSeries'] as const;

export type ChartDataType = (typeof CHART_DATA_TYPES)[number];

/**
 * Chart types. Time series charts take only `line` and `scatter`.
 */
export const CHART_TYPES = ['line', 'scatter', 'bar', 'histogram'] as const;

export type ChartType = (typeof CHART_TYPES)[number];

/** Chart types that a time series chart can use. */
export const TIME_SERIES_CHART_TYPES: readonly ChartType[] = [
  'line',
  'scatter'
];

/**
 * The x axis of a time series: the step, the time of day the point was
 * logged, or the seconds since the component's first point.
 */
export const TIME_AXES = ['step', 'wallTime', 'relativeTime'] as const;

export type TimeAxis = (typeof TIME_AXES)[number];

/**
 * The grouping that colours points: none, the trial component, its trials,
 * or the value of a parameter (`Parameters.<name>`).
 */
export type ChartColor =
  'none' | 'trialComponent' | 'trial' | `Parameters.${string}`;

/**
 * The settings of a chart, as the CHART PROPERTIES pane edits them and the
 * layout restorer stores them.
 */
export interface IChartProperties {
  dataType: ChartDataType;
  chartType: ChartType;
  /**
   * Summary charts: key of the x column, a parameter (`Parameters.lr`) or
   * a metric statistic (`Metrics.test:loss.Last`). It is empty until
   * chosen. A histogram bins the values of this column.
   */
  x: string;
  /** Summary charts: key of the y column, a metric statistic. */
  y: string;
  /** Time series charts: name of the metric. */
  metric: string;
  /** Time series charts: what the x axis shows. */
  xAxis: TimeAxis;
  color: ChartColor;
  logX: boolean;
  logY: boolean;
  /**
   * Time series charts: weight of the exponential moving average, from 0
   * (raw values) to `MAX_SMOOTHING`.
   */
  smoothing: number;
}

/** The chart properties, under the name the chart widget options use. */
export type ChartProperties = IChartProperties;

/**
 * Largest magnitude drawn. Plotly leaves values beyond about 1.8e304 out of
 * its axis ranges (its limit for safe arithmetic) and then fails to draw
 * their lines, so the chart leaves them out itself and counts them in a
 * note.
 */
export const DRAWABLE_LIMIT = 1e304;

/**
 * Properties before the data is known: a summary line chart whose columns
 * are chosen by `fillChartDefaults` once the components are loaded.
 */
export const DEFAULT_CHART_PROPERTIES: Readonly<IChartProperties> = {
  dataType: 'summary',
  chartType: 'line',
  x: '',
  y: '',
  metric: '',
  xAxis: 'step',
  color: 'none',
  logX: false,
  logY: false,
  smoothing: 0
};

/**
 * A column that a summary chart reads.
 */
export type ChartColumn =
  | { kind: 'parameter'; name: string }
  | { kind: 'metric'; name: string; statistic: MetricStatistic };

/**
 * A value of a summary chart column: a number, or the text of a string
 * parameter, which stays text even when it looks like a number.
 */
export type ChartValue = number | string;

/**
 * The parameters and metrics that a set of components offers as axes.
 */
export interface IChartOptions {
  /**
   * Parameter names, sorted, with `numeric` set when every value logged
   * for the parameter is a number, and `varies` when the components hold
   * more than one value of it.
   */
  parameters: { name: string; numeric: boolean; varies: boolean }[];
  /** Metric names, sorted. */
  metrics: string[];
}

/**
 * One component's point on a summary chart.
 */
export interface ISummaryPoint {
  /** Name of the trial component. */
  name: string;
  /** Display name of the trial component, else its name. */
  label: string;
  x: ChartValue;
  /** `null` in a histogram, which only reads x. */
  y: number | null;
}

/**
 * The points of one colour on a chart.
 */
export interface IChartGroup<T> {
  /** Identity of the colour group, empty when the chart has one colour. */
  key: string;
  /**
   * Legend text: the display name, the trial names or the parameter value.
   * It is `null` for components without a trial or without the parameter.
   */
  label: string | null;
  items: T[];
}

/**
 * The data of a summary chart.
 */
export interface ISummaryData {
  groups: IChartGroup<ISummaryPoint>[];
  /**
   * Text of the x categories in axis order when any x value is a string,
   * else `null` for a numeric axis.
   */
  categories: string[] | null;
  /**
   * Components left out because x, or y outside histograms, is missing or
   * not a finite number.
   */
  missing: number;
  /** Points left out because a value on a log axis is zero or negative. */
  hiddenOnLog: number;
  /** Components left out because a value is beyond `DRAWABLE_LIMIT`. */
  tooLarge: number;
}

/**
 * One component's curve on a time series chart, in x order. Hidden values
 * are `null`, so that a line shows a gap instead of joining its neighbours.
 */
export interface ITimeSeriesCurve {
  /** Name of the trial component. */
  name: string;
  /** Display name of the trial component, else its name. */
  label: string;
  /** Steps, seconds since the first point, or local times as text. */
  x: (number | string | null)[];
  /** Values as logged, `null` where they cannot be drawn. */
  raw: (number | null)[];
  /** Values drawn: smoothed when smoothing is on, else equal to `raw`. */
  y: (number | null)[];
  /** Step of each point, for hover text. */
  steps: (number | null)[];
  /** Whether the server sent fewer points than the metric has. */
  downsampled: boolean;
  /** Number of points the metric has, when the server reported it. */
  pointCount: number | null;
}

/**
 * The data of a time series chart.
 */
export interface ITimeSeriesData {
  groups: IChartGroup<ITimeSeriesCurve>[];
  /** Components that have no points of the metric. */
  withoutMetric: number;
  /** Points left out because they lack the step or time the x axis shows. */
  withoutX: number;
  /** Points whose value is NaN, infinite or beyond `DRAWABLE_LIMIT`. */
  nonFinite: number;
  /** Points left out because their x is zero or negative on a log axis. */
  hiddenOnLogX: number;
  /** Points left out because a value on a log axis is zero or negative. */
  hiddenOnLog: number;
  /** Curves that the server downsampled. */
  downsampled: number;
}

/**
 * A component with the series of the charted metric, or `null` when it
 * has no such metric or the request failed.
 */
export interface IComponentSeries {
  component: ITrialComponent;
  series: IMetricSeries | null;
  /**
   * Time that relative times count from, in ms since the epoch. The
   * default is the earliest point of `series`. A zoomed chart passes the
   * one of the whole series, whose first point is outside the range.
   */
  origin?: number | null;
}

/**
 * Parse a summary column key: `Parameters.<name>` or
 * `Metrics.<name>.<Statistic>`. Metric names may contain dots, so the
 * statistic is the text after the last dot.
 */
export function parseColumnKey(key: string): ChartColumn | null {
  if (key.startsWith('Parameters.') && key.length > 'Parameters.'.length) {
    return { kind: 'parameter', name: key.slice('Parameters.'.length) };
  }
  if (key.startsWith('Metrics.')) {
    const rest = key.slice('Metrics.'.length);
    const dot = rest.lastIndexOf('.');
    const statistic = rest.slice(dot + 1) as MetricStatistic;
    if (dot > 0 && METRIC_STATISTICS.includes(statistic)) {
      return { kind: 'metric', name: rest.slice(0, dot), statistic };
    }
  }
  return null;
}

/**
 * Return the key of a parameter column.
 */
export function parameterKey(name: string): `Parameters.${string}` {
  return `Parameters.${name}`;
}

/**
 * Return the key of a metric statistic column.
 */
export function metricKey(name: string, statistic: MetricStatistic): string {
  return `Metrics.${name}.${statistic}`;
}

/**
 * Return a component's value in a summary column, or `null` when it has
 * none or the metric statistic is not a finite number.
 */
export function columnValue(
  component: ITrialComponent,
  column: ChartColumn
): ChartValue | null {
  if (column.kind === 'parameter') {
    const value = component.parameters[column.name];
    if (value === undefined || value === null) {
      return null;
    }
    // Parameters are finite numbers or strings, so a string is kept as text
    // even when it reads "NaN" or "12".
    return value;
  }
  const value = toNumber(metricValue(component, column.name, column.statistic));
  return value !== null && Number.isFinite(value) ? value : null;
}

/**
 * Collect the parameters and metrics of components, for the axis choices.
 */
export function chartOptions(
  components: readonly ITrialComponent[]
): IChartOptions {
  const numeric = new Map<string, boolean>();
  const firstValue = new Map<string, unknown>();
  const varies = new Set<string>();
  const metrics = new Set<string>();
  for (const component of components) {
    for (const [name, value] of Object.entries(component.parameters)) {
      const isNumber = typeof value === 'number';
      numeric.set(name, (numeric.get(name) ?? true) && isNumber);
      if (!firstValue.has(name)) {
        firstValue.set(name, value);
      } else if (firstValue.get(name) !== value) {
        varies.add(name);
      }
    }
    for (const summary of component.metrics) {
      metrics.add(summary.metric_name);
    }
  }
  return {
    parameters: [...numeric.keys()].sort(compareText).map(name => ({
      name,
      numeric: numeric.get(name) ?? false,
      varies: varies.has(name)
    })),
    metrics: [...metrics].sort(compareText)
  };
}

/**
 * Fill the columns not chosen yet (empty `x`, `y` or `metric`) from the
 * data. x is the first numeric parameter that varies between components,
 * preferring the user's hyperparameters to the `SageMaker.` ones the jobs
 * log. Without one, x is the first numeric parameter, else the first
 * parameter, else a metric. y is the Last value of the first metric, and
 * so is the time series metric. Chosen columns stay, even when no
 * component has them any more.
 */
export function fillChartDefaults(
  properties: IChartProperties,
  options: IChartOptions
): IChartProperties {
  const result = { ...properties };
  const [firstMetric, secondMetric] = options.metrics;
  if (!result.y && firstMetric !== undefined) {
    result.y = metricKey(firstMetric, 'Last');
  }
  if (!result.x) {
    const own = (item: { name: string }) => !item.name.startsWith('SageMaker.');
    const parameter =
      options.parameters.find(
        item => item.numeric && item.varies && own(item)
      ) ??
      options.parameters.find(item => item.numeric && item.varies) ??
      options.parameters.find(item => item.numeric) ??
      options.parameters[0];
    const metric = secondMetric ?? firstMetric;
    if (parameter) {
      result.x = parameterKey(parameter.name);
    } else if (metric !== undefined) {
      result.x = metricKey(metric, 'Last');
    }
  }
  if (!result.metric && firstMetric !== undefined) {
    result.metric = firstMetric;
  }
  return result;
}

/**
 * Merge property changes and correct combinations that cannot be drawn:
 * time series take line or scatter charts only, and smoothing stays within
 * 0 to `MAX_SMOOTHING`.
 */
export function updateChartProperties(
  properties: IChartProperties,
  changes: Partial<IChartProperties>
): IChartProperties {
  const result = { ...properties, ...changes };
  if (
    result.dataType === 'timeSeries' &&
    !TIME_SERIES_CHART_TYPES.includes(result.chartType)
  ) {
    result.chartType = 'line';
  }
  result.smoothing = clampSmoothing(result.smoothing);
  return result;
}

/**
 * Read chart properties from untrusted JSON, such as restored layout
 * arguments, keeping only the fields with valid values.
 */
export function parseChartProperties(
  value: unknown
): Partial<IChartProperties> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {};
  }
  const record = value as { [key: string]: unknown };
  const result: Partial<IChartProperties> = {};
  const oneOf = <T extends string>(
    field: string,
    allowed: readonly T[]
  ): T | undefined =>
    allowed.includes(record[field] as T) ? (record[field] as T) : undefined;
  const text = (field: string): string | undefined =>
    typeof record[field] === 'string' ? (record[field] as string) : undefined;
  const flag = (field: string): boolean | undefined =>
    typeof record[field] === 'boolean' ? (record[field] as boolean) : undefined;

  const fields: Partial<IChartProperties> = {
    dataType: oneOf('dataType', CHART_DATA_TYPES),
    chartType: oneOf('chartType', CHART_TYPES),
    x: text('x'),
    y: text('y'),
    metric: text('metric'),
    xAxis: oneOf('xAxis', TIME_AXES),
    logX: flag('logX'),
    logY: flag('logY')
  };
  const color = text('color');
  if (color !== undefined && isChartColor(color)) {
    fields.color = color;
  }
  if (
    typeof record.smoothing === 'number' &&
    Number.isFinite(record.smoothing)
  ) {
    fields.smoothing = clampSmoothing(record.smoothing);
  }
  for (const [key, item] of Object.entries(fields)) {
    if (item !== undefined) {
      (result as { [key: string]: unknown })[key] = item;
    }
  }
  return result;
}

/**
 * Tell whether a text names a colour choice.
 */
export function isChartColor(value: string): value is ChartColor {
  return (
    value === 'none' ||
    value === 'trialComponent' ||
    value === 'trial' ||
    (value.startsWith('Parameters.') && value.length > 'Parameters.'.length)
  );
}

/**
 * Compare two values in chart order: numbers ascending, then strings in
 * code point order, then missing values.
 */
export function compareChartValues(
  a: ChartValue | null,
  b: ChartValue | null
): number {
  const rank = (value: ChartValue | null) => {
    if (value === null) {
      return 2;
    }
    return typeof value === 'number' ? 0 : 1;
  };
  if (rank(a) !== rank(b)) {
    return rank(a) - rank(b);
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return compareText(a, b);
  }
  return 0;
}

/**
 * Return the text of a value on a category axis or in a legend.
 */
export function valueText(value: ChartValue): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}

/**
 * Prepare the points of a summary chart: one per component, grouped by
 * colour and sorted by x (numbers, then strings), as a line chart needs.
 *
 * A component without a value in x (or in y, except for histograms) is
 * left out and counted in `missing`. When any x value is a string the x
 * axis lists categories and `logX` does not apply. On a log axis, points
 * with a value of zero or less are left out and counted in `hiddenOnLog`.
 */
export function summaryData(
  components: readonly ITrialComponent[],
  properties: IChartProperties
): ISummaryData {
  const xColumn = parseColumnKey(properties.x);
  const yColumn = parseColumnKey(properties.y);
  const histogram = properties.chartType === 'histogram';
  const labels = componentLabels(components);
  const points: { point: ISummaryPoint; component: ITrialComponent }[] = [];
  let missing = 0;
  let tooLarge = 0;
  for (const component of components) {
    const x = xColumn ? columnValue(component, xColumn) : null;
    const yValue = yColumn ? columnValue(component, yColumn) : null;
    const y = typeof yValue === 'number' ? yValue : null;
    if (x === null || (!histogram && y === null)) {
      missing++;
      continue;
    }
    if (!isDrawable(x) || (!histogram && !isDrawable(y))) {
      tooLarge++;
      continue;
    }
    points.push({
      point: {
        name: component.name,
        label: labels.get(component.name) ?? component.name,
        x,
        y: histogram ? null : y
      },
      component
    });
  }

  const isCategory = points.some(({ point }) => typeof point.x === 'string');
  let hiddenOnLog = 0;
  const shown = points.filter(({ point }) => {
    const hidden =
      (properties.logX && !isCategory && (point.x as number) <= 0) ||
      (properties.logY && point.y !== null && point.y <= 0);
    if (hidden) {
      hiddenOnLog++;
    }
    return !hidden;
  });
  shown.sort(
    (a, b) =>
      compareChartValues(a.point.x, b.point.x) ||
      compareText(a.point.name, b.point.name)
  );

  const groups = groupBy(
    shown,
    properties.color,
    item => item.component,
    labels
  ).map(group => ({ ...group, items: group.items.map(item => item.point) }));
  let categories: string[] | null = null;
  if (isCategory) {
    categories = [];
    for (const { point } of shown) {
      const text = valueText(point.x);
      if (!categories.includes(text)) {
        categories.push(text);
      }
    }
  }
  return { groups, categories, missing, hiddenOnLog, tooLarge };
}

/**
 * Prepare the curves of a time series chart: one per component that has
 * points of the metric, grouped by colour.
 *
 * Points are drawn in step order, or in time order on time axes. Points
 * lacking the step or time of the x axis are left out. NaN and infinite
 * values, and values of zero or less on a log axis, become gaps. Each case
 * is counted for the notes under the chart.
 */
export function timeSeriesData(
  entries: readonly IComponentSeries[],
  properties: IChartProperties
): ITimeSeriesData {
  const result: ITimeSeriesData = {
    groups: [],
    withoutMetric: 0,
    withoutX: 0,
    nonFinite: 0,
    hiddenOnLogX: 0,
    hiddenOnLog: 0,
    downsampled: 0
  };
  const labels = componentLabels(entries.map(entry => entry.component));
  const curves: { curve: ITimeSeriesCurve; component: ITrialComponent }[] = [];
  for (const { component, series, origin } of entries) {
    if (!series || series.points.length === 0) {
      result.withoutMetric++;
      continue;
    }
    const start = origin ?? seriesTimeOrigin(series.points) ?? 0;
    const label = labels.get(component.name) ?? component.name;
    const curve = buildCurve(
      component,
      label,
      series,
      start,
      properties,
      result
    );
    if (curve.downsampled) {
      result.downsampled++;
    }
    curves.push({ curve, component });
  }
  result.groups = groupBy(
    curves,
    properties.color,
    item => item.component,
    labels
  ).map(group => ({ ...group, items: group.items.map(item => item.curve) }));
  return result;
}

/**
 * Build one component's curve, with relative times counted from `start`
 * (ms since the epoch), and add what it leaves out to the counts.
 */
function buildCurve(
  component: ITrialComponent,
  label: string,
  series: IMetricSeries,
  start: number,
  properties: IChartProperties,
  counts: ITimeSeriesData
): ITimeSeriesCurve {
  const axis = properties.xAxis;
  const sorted = sortMetricPoints(
    series.points,
    axis === 'step' ? 'step' : 'time'
  );

  const x: (number | string | null)[] = [];
  const raw: (number | null)[] = [];
  const steps: (number | null)[] = [];
  for (const point of sorted) {
    let position: number | string | null = point.step;
    if (axis !== 'step') {
      // Only time axes parse the timestamp, the costliest step per point.
      const ms = point.timestamp ? Date.parse(point.timestamp) : NaN;
      if (Number.isNaN(ms)) {
        position = null;
      } else {
        position =
          axis === 'wallTime' ? localTimeText(ms) : (ms - start) / 1000;
      }
    }
    if (position === null) {
      counts.withoutX++;
      continue;
    }
    const value = toNumber(point.value);
    const finite = value !== null && isDrawable(value);
    if (!finite) {
      counts.nonFinite++;
    }
    x.push(position);
    raw.push(finite ? value : null);
    steps.push(point.step);
  }

  // Smooth first, so that hiding a point on a log axis does not change
  // the average of the points after it.
  // NOTE: a downsampled series is smoothed over the points received, while
  // time_series_chart smooths every point before downsampling, so the two
  // curves can differ slightly for long series. A zoomed range is smoothed
  // from its first point, without the points before the range.
  const y = smoothValues(raw, properties.smoothing);
  const logX = properties.logX && axis !== 'wallTime';
  const hidden = (value: number | null) =>
    properties.logY && value !== null && value <= 0;
  for (let index = 0; index < y.length; index++) {
    const position = x[index];
    const offAxis = logX && typeof position === 'number' && position <= 0;
    const hideRaw = offAxis || hidden(raw[index]);
    const hideY = offAxis || hidden(y[index]);
    // The raw and smoothed values are hidden separately, so the smoothed
    // line goes on where only a raw value is zero or less.
    if (offAxis) {
      counts.hiddenOnLogX++;
    } else if (hideRaw || hideY) {
      counts.hiddenOnLog++;
    }
    if (hideRaw) {
      raw[index] = null;
    }
    if (hideY) {
      y[index] = null;
    }
  }
  return {
    name: component.name,
    label,
    x,
    raw,
    y,
    steps,
    downsampled: series.downsampled === true,
    pointCount: series.point_count ?? null
  };
}

/**
 * Tell whether plotly can draw a value: a finite number within
 * `DRAWABLE_LIMIT`, or a text category.
 */
export function isDrawable(value: ChartValue | null): boolean {
  if (typeof value === 'string') {
    return true;
  }
  return (
    value !== null &&
    Number.isFinite(value) &&
    Math.abs(value) <= DRAWABLE_LIMIT
  );
}

/**
 * Return the label of each component, by name, for legends and hover
 * text: its display name, unless another of the components shows the same
 * one (the tutorial names every training component "Training"), then its
 * name, which is unique.
 */
export function componentLabels(
  components: readonly ITrialComponent[]
): Map<string, string> {
  const uses = new Map<string, number>();
  for (const component of components) {
    const label = displayName(component);
    uses.set(label, (uses.get(label) ?? 0) + 1);
  }
  const labels = new Map<string, string>();
  for (const component of components) {
    const label = displayName(component);
    labels.set(
      component.name,
      (uses.get(label) ?? 0) > 1 ? component.name : label
    );
  }
  return labels;
}

/**
 * Group items by the colour choice, keeping the items' order within each
 * group. Groups are ordered by their first item, except parameter groups,
 * which follow the parameter's values in chart order.
 */
function groupBy<T>(
  items: readonly T[],
  color: ChartColor,
  componentOf: (item: T) => ITrialComponent,
  labels: ReadonlyMap<string, string>
): IChartGroup<T>[] {
  if (color === 'none') {
    return items.length > 0
      ? [{ key: '', label: null, items: [...items] }]
      : [];
  }
  const groups = new Map<
    string,
    IChartGroup<T> & { value: ChartValue | null }
  >();
  for (const item of items) {
    const component = componentOf(item);
    let key: string;
    let label: string | null;
    let value: ChartValue | null = null;
    if (color === 'trialComponent') {
      key = component.name;
      label = labels.get(component.name) ?? component.name;
    } else if (color === 'trial') {
      const trials = parentNames(component, 'trial_name');
      key = trials.length > 0 ? `trials:${JSON.stringify(trials)}` : 'none';
      label = trials.length > 0 ? trials.join(', ') : null;
    } else {
      const parameter = component.parameters[color.slice('Parameters.'.length)];
      value = parameter === undefined || parameter === null ? null : parameter;
      key = value === null ? 'none' : `${typeof value}:${value}`;
      label = value === null ? null : valueText(value);
    }
    const group = groups.get(key);
    if (group) {
      group.items.push(item);
    } else {
      groups.set(key, { key, label, value, items: [item] });
    }
  }
  const list = [...groups.values()];
  if (color.startsWith('Parameters.')) {
    list.sort((a, b) => compareChartValues(a.value, b.value));
  }
  return list.map(({ key, label, items }) => ({ key, label, items }));
}

/**
 * Compare two strings by code unit, the order Python's `sorted` gives.
 */
export function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
