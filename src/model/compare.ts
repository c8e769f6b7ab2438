import type { ITrialComponent } from '../api/types';
import { durationMs, toNumber } from './format';
import { METRIC_STATISTICS, type MetricStatistic } from './tableColumns';
import { componentType } from './tableCells';

/**
 * Groups of rows in the comparison, in the order they are shown.
 */
export const COMPARE_SECTIONS = [
  'properties',
  'parameters',
  'metrics',
  'inputArtifacts',
  'outputArtifacts'
] as const;

export type CompareSection = (typeof COMPARE_SECTIONS)[number];

/**
 * The fixed properties compared in the Properties section, in order.
 */
export const COMPARE_PROPERTIES = [
  'displayName',
  'trials',
  'status',
  'type',
  'created',
  'start',
  'end',
  'duration'
] as const;

export type CompareProperty = (typeof COMPARE_PROPERTIES)[number];

/**
 * Kind of the values of a row, which decides how they are compared and
 * formatted.
 *
 * - `text`: strings compared exactly (names, trial lists, artifact URIs).
 * - `status`: the primary status, such as `Completed`.
 * - `type`: a `ComponentType`.
 * - `time`: ISO 8601 times, compared as instants.
 * - `duration`: durations in milliseconds.
 * - `number`: metric statistics, compared as numbers with NaN equal to NaN.
 * - `value`: parameters, which are numbers or strings. A number never
 *   equals a string.
 */
export type CompareRowKind =
  'text' | 'status' | 'type' | 'time' | 'duration' | 'number' | 'value';

/**
 * The value of one component in one row. `null` means the component has no
 * value there, and it is shown as an empty cell.
 */
export type CompareValue = string | number | null;

/**
 * One row of the comparison: a property, parameter, metric statistic or
 * artifact, with the value of every component.
 */
export interface ICompareRow {
  /** Key of the row, unique in the comparison, such as `metrics.loss.Min`. */
  key: string;
  section: CompareSection;
  /** The property, or the parameter, metric or artifact name. */
  name: string;
  /** The property of a row of the Properties section. */
  property?: CompareProperty;
  /** The statistic of a metric row. */
  statistic?: MetricStatistic;
  kind: CompareRowKind;
  /** One value per component, in the order of the components. */
  values: CompareValue[];
  /** Whether the values of the available components are not all equal. */
  differs: boolean;
  /** Per component, whether its value is the best of the row. */
  best: boolean[];
}

/**
 * The rows of one section.
 */
export interface ICompareGroup {
  section: CompareSection;
  rows: ICompareRow[];
}

/**
 * Whether a lower or a higher value of a metric is better.
 */
export type BetterDirection = 'lower' | 'higher';

/**
 * Parts of metric names that mark a metric where lower is better.
 */
export const LOWER_IS_BETTER_TERMS = [
  'loss',
  'error',
  'err',
  'mse',
  'mae',
  'rmse',
  'perplexity',
  'time'
] as const;

/**
 * Statistics whose best value is marked. The spread (StdDev) and the number
 * of points (Count) do not show which component did better.
 */
const RANKED_STATISTICS: ReadonlySet<MetricStatistic> = new Set([
  'Min',
  'Max',
  'Avg',
  'Last'
]);

/**
 * Return whether lower or higher values of a metric are better.
 *
 * The rule reads the metric name only, case-insensitively: a name that
 * contains `loss`, `error`, `err`, `mse`, `mae`, `rmse`, `perplexity` or
 * `time` is a cost, so lower is better (`val_loss`, `train:RMSE`,
 * `epoch_time`). Any other name is a score, so higher is better
 * (`accuracy`, `f1`, `auc`).
 *
 * The test is a plain substring match, so a name such as `timestamp_count`
 * also counts as a cost.
 */
export function betterDirection(metricName: string): BetterDirection {
  const name = metricName.toLowerCase();
  return LOWER_IS_BETTER_TERMS.some(term => name.includes(term))
    ? 'lower'
    : 'higher';
}

/**
 * Build the rows comparing trial components, grouped by section.
 *
 * A `null` entry stands for a component that could not be loaded. Its
 * values are `null`, and it takes no part in `differs` or `best`.
 * Parameters, metrics and artifacts are the union over all components,
 * sorted by name.
 */
export function buildComparison(
  components: readonly (ITrialComponent | null)[]
): ICompareGroup[] {
  const available = components.filter(
    (component): component is ITrialComponent => component !== null
  );
  const rowsOf = (
    section: CompareSection,
    names: string[],
    build: (name: string) => IRowSpec[]
  ): ICompareGroup => ({
    section,
    rows: names.flatMap(build).map(spec => finishRow(section, spec, components))
  });

  return [
    {
      section: 'properties',
      rows: COMPARE_PROPERTIES.map(property =>
        finishRow('properties', propertySpec(property), components)
      )
    },
    rowsOf(
      'parameters',
      unionOfNames(available, c => Object.keys(c.parameters)),
      name => [
        {
          key: `parameters.${name}`,
          name,
          kind: 'value',
          read: c => parameterValue(c.parameters[name])
        }
      ]
    ),
    rowsOf(
      'metrics',
      unionOfNames(available, c => c.metrics.map(m => m.metric_name)),
      name => METRIC_STATISTICS.map(statistic => metricSpec(name, statistic))
    ),
    rowsOf(
      'inputArtifacts',
      unionOfNames(available, c => Object.keys(c.input_artifacts)),
      name => [artifactSpec('inputArtifacts', name, c => c.input_artifacts)]
    ),
    rowsOf(
      'outputArtifacts',
      unionOfNames(available, c => Object.keys(c.output_artifacts)),
      name => [artifactSpec('outputArtifacts', name, c => c.output_artifacts)]
    )
  ];
}

/**
 * Tell whether two values of a row are equal, comparing numbers as numbers
 * (NaN equals NaN) and times as instants.
 */
export function valuesEqual(
  a: CompareValue,
  b: CompareValue,
  kind: CompareRowKind
): boolean {
  if (a === null || b === null) {
    return a === b;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || (Number.isNaN(a) && Number.isNaN(b));
  }
  if (kind === 'time' && typeof a === 'string' && typeof b === 'string') {
    const msA = new Date(a).getTime();
    const msB = new Date(b).getTime();
    // Unparsable times fall back to comparing the text.
    if (!Number.isNaN(msA) && !Number.isNaN(msB)) {
      // Times are shown to the second, so they are compared to the second:
      // "differences only" never keeps a row that reads the same.
      return Math.floor(msA / 1000) === Math.floor(msB / 1000);
    }
  }
  return a === b;
}

/**
 * Return the rows that differ, or every row when `differencesOnly` is
 * false. Groups left without rows are dropped.
 */
export function visibleGroups(
  groups: readonly ICompareGroup[],
  differencesOnly: boolean
): ICompareGroup[] {
  return groups
    .map(group => ({
      section: group.section,
      rows: differencesOnly ? group.rows.filter(row => row.differs) : group.rows
    }))
    .filter(group => group.rows.length > 0);
}

/**
 * Return the widget id of the tab comparing a set of trial components. The
 * id ignores order and repeats, so reopening the same set activates the
 * open tab.
 */
export function compareWidgetId(names: readonly string[]): string {
  const key = [...new Set(names)].sort().map(encodeURIComponent).join('+');
  return `jp-experiments-compare-${key}`;
}

/**
 * Definition of a row, before its values are read from the components.
 */
interface IRowSpec {
  key: string;
  name: string;
  property?: CompareProperty;
  statistic?: MetricStatistic;
  kind: CompareRowKind;
  read: (component: ITrialComponent) => CompareValue;
}

function propertySpec(property: CompareProperty): IRowSpec {
  const spec = (kind: CompareRowKind, read: IRowSpec['read']): IRowSpec => ({
    key: `properties.${property}`,
    name: property,
    property,
    kind,
    read
  });
  switch (property) {
    case 'displayName':
      return spec('text', c => c.display_name || null);
    case 'trials':
      return spec('text', c => trialNames(c));
    case 'status':
      return spec('status', c => c.status?.primary_status ?? null);
    case 'type':
      return spec('type', c => componentType(c));
    case 'created':
      return spec('time', c => c.creation_time);
    case 'start':
      return spec('time', c => c.start_time);
    case 'end':
      return spec('time', c => c.end_time);
    case 'duration':
      return spec('duration', c => durationMs(c.start_time, c.end_time));
  }
}

function metricSpec(name: string, statistic: MetricStatistic): IRowSpec {
  return {
    key: `metrics.${name}.${statistic}`,
    name,
    statistic,
    kind: 'number',
    read: component => {
      const summary = component.metrics.find(m => m.metric_name === name);
      if (!summary) {
        return null;
      }
      switch (statistic) {
        case 'Min':
          return toNumber(summary.min);
        case 'Max':
          return toNumber(summary.max);
        case 'Avg':
          return toNumber(summary.avg);
        case 'StdDev':
          return toNumber(summary.std_dev);
        case 'Last':
          return toNumber(summary.last);
        case 'Count':
          return summary.count;
      }
    }
  };
}

function artifactSpec(
  section: 'inputArtifacts' | 'outputArtifacts',
  name: string,
  artifactsOf: (
    component: ITrialComponent
  ) => ITrialComponent['input_artifacts']
): IRowSpec {
  return {
    key: `${section}.${name}`,
    name,
    kind: 'text',
    read: component => artifactsOf(component)[name]?.value ?? null
  };
}

function finishRow(
  section: CompareSection,
  spec: IRowSpec,
  components: readonly (ITrialComponent | null)[]
): ICompareRow {
  const values = components.map(c => (c === null ? null : spec.read(c)));
  const present = components.map(c => c !== null);
  const row: ICompareRow = {
    key: spec.key,
    section,
    name: spec.name,
    kind: spec.kind,
    values,
    differs: rowDiffers(values, present, spec.kind),
    best:
      spec.statistic && RANKED_STATISTICS.has(spec.statistic)
        ? bestValues(values, present, betterDirection(spec.name))
        : values.map(() => false)
  };
  if (spec.property) {
    row.property = spec.property;
  }
  if (spec.statistic) {
    row.statistic = spec.statistic;
  }
  return row;
}

function rowDiffers(
  values: CompareValue[],
  present: boolean[],
  kind: CompareRowKind
): boolean {
  const compared = values.filter((_, index) => present[index]);
  return compared.some(value => !valuesEqual(value, compared[0], kind));
}

/**
 * Mark the best finite values of a row. Rows with fewer than two finite
 * values get no mark, and every value tied for best is marked.
 */
function bestValues(
  values: CompareValue[],
  present: boolean[],
  direction: BetterDirection
): boolean[] {
  const isFinite = (value: CompareValue, index: number): value is number =>
    present[index] && typeof value === 'number' && Number.isFinite(value);
  const finite = values.filter(isFinite);
  if (finite.length < 2) {
    return values.map(() => false);
  }
  const target =
    direction === 'lower' ? Math.min(...finite) : Math.max(...finite);
  return values.map(
    (value, index) => isFinite(value, index) && value === target
  );
}

function parameterValue(
  value: ITrialComponent['parameters'][string] | undefined
): CompareValue {
  if (value === undefined) {
    return null;
  }
  if (typeof value === 'number') {
    return value;
  }
  // The server sends non-finite numbers as these strings.
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') {
    return toNumber(value);
  }
  return value;
}

function trialNames(component: ITrialComponent): string | null {
  const names = [...new Set(component.parents.map(p => p.trial_name))].sort();
  return names.length > 0 ? names.join(', ') : null;
}

function unionOfNames(
  components: readonly ITrialComponent[],
  namesOf: (component: ITrialComponent) => string[]
): string[] {
  const names = new Set<string>();
  for (const component of components) {
    for (const name of namesOf(component)) {
      names.add(name);
    }
  }
  return [...names].sort();
}
