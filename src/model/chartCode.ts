import {
  type ChartColor,
  compareText,
  type IChartProperties,
  parseColumnKey,
  type TimeAxis
} from './chart';
import { clampSmoothing } from './smoothing';
import type { ITrialComponent } from '../api/types';
import { parentNames } from './tableCells';
import { FILTERS_PER_LIST } from './tableFilter';
import { type INameFilter, nameFilters } from './tableScope';

// Python code that rebuilds a chart of the panel in a notebook, with the
// functions of `jupyterlab_experiments.charts`.

/**
 * Return the DataFrame column of `ExperimentAnalytics` that contains a
 * summary column: the parameter name, or `<metric> - <Statistic>`.
 */
export function dataFrameColumn(key: string): string | null {
  const column = parseColumnKey(key);
  if (!column) {
    return null;
  }
  return column.kind === 'parameter'
    ? column.name
    : `${column.name} - ${column.statistic}`;
}

/**
 * Write a string as a Python literal: double-quoted, with backslashes,
 * quotes and control characters escaped and other characters kept. JSON
 * string syntax is a subset of Python's, so `JSON.stringify` writes it.
 */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/**
 * Write a search expression matching any of the filters as Python source,
 * indented by `indent` spaces.
 */
function expressionSource(filters: INameFilter[], indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = filters.map(
    filter =>
      `${pad}        {"Name": "TrialComponentName", "Operator": ${pythonString(
        filter.operator
      )}, "Value": ${pythonString(filter.value)}},`
  );
  const operator = filters.length > 1 ? `\n${pad}    "Operator": "Or",` : '';
  return `{\n${pad}    "Filters": [\n${lines.join('\n')}\n${pad}    ],${operator}\n${pad}}`;
}

/**
 * Write a Python keyword argument list, one per line.
 */
function callSource(name: string, args: string[]): string {
  return `${name}(\n${args.map(arg => `    ${arg},`).join('\n')}\n)`;
}

/**
 * Build a notebook cell that draws the same chart with the Python SDK:
 * `summary_chart` on an `ExperimentAnalytics` search for the components,
 * or `time_series_chart` on their names. The cell ends with the figure so
 * that the notebook shows it.
 *
 * Pass `experimentNames` with one name when every component belongs to
 * that experiment: the search is then limited to it, as the SDK's
 * tutorials do. Every name is written as an escaped Python string.
 *
 * `xRange` is a zoomed time series' range in `time_series_chart`'s units:
 * steps, seconds since each component's first point, or epoch seconds.
 */
export function notebookCode(
  properties: IChartProperties,
  names: readonly string[],
  experimentNames: readonly string[] = [],
  xRange: readonly [number, number] | null = null
): string {
  const unique = [...new Set(names)];
  if (unique.length === 0) {
    return '# No trial components are selected, so there is nothing to chart.\n';
  }
  if (properties.dataType === 'timeSeries') {
    return timeSeriesCode(properties, unique, xRange);
  }
  return summaryCode(properties, unique, experimentNames);
}

/**
 * Return the name of a time axis in the REST API and the Python SDK.
 */
export function timeAxisParameter(
  axis: TimeAxis
): 'step' | 'wall_time' | 'relative_time' {
  switch (axis) {
    case 'step':
      return 'step';
    case 'wallTime':
      return 'wall_time';
    case 'relativeTime':
      return 'relative_time';
  }
}

function timeSeriesCode(
  properties: IChartProperties,
  names: string[],
  xRange: readonly [number, number] | null
): string {
  const axis = timeAxisParameter(properties.xAxis);
  const list = names.map(name => `        ${pythonString(name)},`).join('\n');

  const args = [
    `[\n${list}\n    ]`,
    pythonString(properties.metric),
    `x=${pythonString(axis)}`
  ];
  if (properties.smoothing > 0) {
    args.push(`smoothing=${clampSmoothing(properties.smoothing)}`);
  }
  if (properties.logX && properties.xAxis !== 'wallTime') {
    args.push('log_x=True');
  }
  if (properties.logY) {
    args.push('log_y=True');
  }
  if (xRange) {
    args.push(`x_range=(${xRange[0]}, ${xRange[1]})`);
  }

  const lines = [
    'from jupyterlab_experiments.charts import time_series_chart',
    '',
    `figure = ${callSource('time_series_chart', args)}`
  ];
  // time_series_chart draws lines; the figure is a plotly Figure, so its
  // own methods change the rest.
  if (properties.chartType === 'scatter') {
    lines.push('figure.update_traces(mode="markers")');
  }
  lines.push('figure', '');
  return lines.join('\n');
}

function summaryCode(
  properties: IChartProperties,
  names: string[],
  experimentNames: readonly string[]
): string {
  const x = dataFrameColumn(properties.x) ?? properties.x;
  const y = dataFrameColumn(properties.y) ?? properties.y;
  // summary_chart counts components per x value in a histogram and
  // rejects a y column there.
  const args = ['data', pythonString(x)];
  if (properties.chartType !== 'histogram') {
    args.push(pythonString(y));
  }
  const color = colorColumn(properties.color);
  if (color !== null) {
    args.push(`color=${pythonString(color)}`);
  }
  args.push(`kind=${pythonString(properties.chartType)}`);
  if (properties.logX) {
    args.push('log_x=True');
  }
  if (properties.logY) {
    args.push('log_y=True');
  }

  const experiment =
    experimentNames.length === 1
      ? `experiment_name=${pythonString(experimentNames[0])}, `
      : '';
  const filters = nameFilters(names);
  const parts: INameFilter[][] = [];
  for (let start = 0; start < filters.length; start += FILTERS_PER_LIST) {
    parts.push(filters.slice(start, start + FILTERS_PER_LIST));
  }

  const lines: string[] = [];
  if (parts.length > 1) {
    lines.push('import pandas as pd', '');
  }
  lines.push(
    'from jupyterlab_experiments import ExperimentAnalytics',
    'from jupyterlab_experiments.charts import summary_chart',
    ''
  );
  if (parts.length <= 1) {
    const expression = expressionSource(parts[0] ?? [], 0);
    lines.push(
      `data = ExperimentAnalytics(${experiment}search_expression=${expression})`
    );
  } else {
    lines.push(
      `# The search API takes at most ${FILTERS_PER_LIST} filters per list, so the`,
      '# components are fetched in parts and joined.',
      'expressions = [',
      ...parts.map(part => `    ${expressionSource(part, 4)},`),
      ']',
      'data = pd.concat(',
      '    [',
      `        ExperimentAnalytics(${experiment}search_expression=expression).dataframe()`,
      '        for expression in expressions',
      '    ],',
      '    ignore_index=True,',
      ')'
    );
  }
  lines.push(callSource('summary_chart', args), '');
  return lines.join('\n');
}

/**
 * Return the DataFrame column that colours a summary chart, or `null`.
 */
function colorColumn(color: ChartColor): string | null {
  switch (color) {
    case 'none':
      return null;
    case 'trialComponent':
      return 'TrialComponentName';
    case 'trial':
      return 'Trials';
    default:
      return color.slice('Parameters.'.length);
  }
}

/**
 * Return the experiments of components when every component belongs to
 * at least one trial, else an empty list: `notebookCode` limits the
 * search to the experiment when this returns exactly one.
 */
export function sharedExperimentNames(
  components: readonly ITrialComponent[]
): string[] {
  if (
    components.length === 0 ||
    components.some(component => component.parents.length === 0)
  ) {
    return [];
  }
  const names = components.flatMap(component =>
    parentNames(component, 'experiment_name')
  );
  return [...new Set(names)].sort(compareText);
}
