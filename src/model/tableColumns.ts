import type { TranslationBundle } from '@jupyterlab/translation';

/**
 * Groups of columns in the TABLE PROPERTIES pane.
 */
export type ColumnCategory =
  | 'properties'
  | 'parameters'
  | 'metrics'
  | 'inputArtifacts'
  | 'outputArtifacts';

/**
 * Column categories in the order the table and its panes show them.
 */
export const COLUMN_CATEGORIES: readonly ColumnCategory[] = [
  'properties',
  'parameters',
  'metrics',
  'inputArtifacts',
  'outputArtifacts'
];

/**
 * Return the translated heading of a column category.
 */
export function categoryLabel(
  category: ColumnCategory,
  trans: TranslationBundle
): string {
  switch (category) {
    case 'properties':
      return trans.__('Properties');
    case 'parameters':
      return trans.__('Parameters');
    case 'metrics':
      return trans.__('Metrics');
    case 'inputArtifacts':
      return trans.__('Input artifacts');
    case 'outputArtifacts':
      return trans.__('Output artifacts');
  }
}

/**
 * The summary statistics that SageMaker keeps for every metric.
 */
export const METRIC_STATISTICS = [
  'Min',
  'Max',
  'Avg',
  'StdDev',
  'Last',
  'Count'
] as const;

export type MetricStatistic = (typeof METRIC_STATISTICS)[number];

/**
 * What a column's cells hold, which decides its filter operators and how
 * its values are formatted.
 *
 * - `text`: free text such as names;
 * - `number`: numbers only (metric statistics, duration);
 * - `value`: a parameter, whose values are numbers or strings;
 * - `time`: a point in time;
 * - `list`: a list of names (trials, experiments);
 * - `choice`: one of a few known values (status, type).
 */
export type ColumnKind =
  'text' | 'number' | 'value' | 'time' | 'list' | 'choice';

/**
 * A column of the trial component table.
 */
export interface ITableColumn {
  /**
   * Identity of the column: the search property path that the server sorts
   * by (`sort_by`), exports (`columns`) and, unless `filterProperty` is set,
   * filters on. Examples: `CreationTime`, `Parameters.lr`,
   * `Metrics.test:accuracy.Max`, `OutputArtifacts.model.Value`.
   */
  key: string;
  category: ColumnCategory;
  /**
   * The parameter, metric or artifact name; for fixed properties the key.
   */
  name: string;
  /** The statistic of a metric column. */
  statistic?: MetricStatistic;
  /** Translated header text, such as `test:accuracy (Max)`. */
  label: string;
  kind: ColumnKind;
  sortable: boolean;
  filterable: boolean;
  /**
   * Property path of filters on this column when it differs from `key`,
   * such as `Parents.TrialName` for the Trials column.
   */
  filterProperty?: string;
}

/**
 * Names found in the trial components of a table, as returned by the
 * server's `trial-component-table/columns` route.
 */
export interface IColumnNames {
  parameters: string[];
  metrics: string[];
  input_artifacts: string[];
  output_artifacts: string[];
}

/**
 * Return the columns that every trial component table has.
 */
export function fixedColumns(trans: TranslationBundle): ITableColumn[] {
  const property = (
    key: string,
    label: string,
    kind: ColumnKind,
    options: Partial<ITableColumn> = {}
  ): ITableColumn => ({
    key,
    category: 'properties',
    name: key,
    label,
    kind,
    sortable: true,
    filterable: true,
    ...options
  });
  return [
    property('TrialComponentName', trans.__('Name'), 'text'),
    property('DisplayName', trans.__('Display name'), 'text'),
    property('Trials', trans.__('Trials'), 'list', {
      sortable: false,
      filterProperty: 'Parents.TrialName'
    }),
    property('Experiments', trans.__('Experiments'), 'list', {
      sortable: false,
      filterProperty: 'Parents.ExperimentName'
    }),
    property('Type', trans.__('Type'), 'choice'),
    property('Status.PrimaryStatus', trans.__('Status'), 'choice'),
    property('CreationTime', trans.__('Created'), 'time'),
    property('LastModifiedTime', trans.__('Last modified'), 'time'),
    property('StartTime', trans.__('Start time'), 'time'),
    property('EndTime', trans.__('End time'), 'time'),
    property('Duration', trans.__('Duration'), 'number')
  ];
}

/**
 * Return the header text of a metric statistic column.
 */
export function metricLabel(
  metric: string,
  statistic: MetricStatistic,
  trans: TranslationBundle
): string {
  return trans.__('%1 (%2)', metric, statisticLabel(statistic, trans));
}

/**
 * Return the translated name of a statistic.
 */
export function statisticLabel(
  statistic: MetricStatistic,
  trans: TranslationBundle
): string {
  switch (statistic) {
    case 'Min':
      return trans.__('Min');
    case 'Max':
      return trans.__('Max');
    case 'Avg':
      return trans.__('Avg');
    case 'StdDev':
      return trans.__('StdDev');
    case 'Last':
      return trans.__('Last');
    case 'Count':
      return trans.__('Count');
  }
}

/**
 * Return every column of a table: the fixed ones, then one per parameter,
 * one per metric statistic and one per artifact.
 */
export function tableColumns(
  names: IColumnNames,
  trans: TranslationBundle
): ITableColumn[] {
  const columns = fixedColumns(trans);

  for (const name of names.parameters) {
    columns.push({
      key: `Parameters.${name}`,
      category: 'parameters',
      name,
      label: name,
      kind: 'value',
      sortable: true,
      filterable: true
    });
  }

  for (const name of names.metrics) {
    for (const statistic of METRIC_STATISTICS) {
      columns.push({
        key: `Metrics.${name}.${statistic}`,
        category: 'metrics',
        name,
        statistic,
        label: metricLabel(name, statistic, trans),
        kind: 'number',
        sortable: true,
        filterable: true
      });
    }
  }

  const artifacts = (
    category: 'inputArtifacts' | 'outputArtifacts',
    prefix: string,
    list: string[],
    suffix: string
  ) => {
    for (const name of list) {
      columns.push({
        key: `${prefix}.${name}.Value`,
        category,
        name,
        label: trans.__('%1 (%2)', name, suffix),
        kind: 'text',
        sortable: true,
        filterable: true
      });
    }
  };
  artifacts(
    'inputArtifacts',
    'InputArtifacts',
    names.input_artifacts,
    trans.__('input')
  );
  artifacts(
    'outputArtifacts',
    'OutputArtifacts',
    names.output_artifacts,
    trans.__('output')
  );

  return columns;
}

/**
 * Columns that the user showed (`true`) or hid (`false`), by key. Columns
 * not listed follow `defaultVisible`.
 */
export type ColumnVisibility = { [key: string]: boolean };

/** Properties shown until the user chooses otherwise. */
const DEFAULT_PROPERTIES = new Set([
  'TrialComponentName',
  'Trials',
  'Type',
  'Status.PrimaryStatus',
  'CreationTime',
  'Duration'
]);

/**
 * Tell whether a column is shown before the user chooses: the main
 * properties, every parameter and the last value of every metric, as in
 * SageMaker Studio's trial component list.
 */
export function defaultVisible(column: ITableColumn): boolean {
  switch (column.category) {
    case 'properties':
      return DEFAULT_PROPERTIES.has(column.key);
    case 'parameters':
      return true;
    case 'metrics':
      return column.statistic === 'Last';
    default:
      return false;
  }
}

/**
 * Tell whether a column is shown under the user's choices.
 */
export function isColumnVisible(
  column: ITableColumn,
  visibility: ColumnVisibility
): boolean {
  return visibility[column.key] ?? defaultVisible(column);
}

/**
 * Return the visibility after switching a metric column to another
 * statistic: the column of the new statistic takes the old one's place.
 */
export function switchStatistic(
  visibility: ColumnVisibility,
  column: ITableColumn,
  statistic: MetricStatistic
): ColumnVisibility {
  if (column.category !== 'metrics' || column.statistic === statistic) {
    return visibility;
  }
  return {
    ...visibility,
    [column.key]: false,
    [`Metrics.${column.name}.${statistic}`]: true
  };
}
