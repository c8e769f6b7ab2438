import type { TranslationBundle } from '@jupyterlab/translation';
import type {
  IMetricSummary,
  ITrialComponent,
  TrialComponentType,
  WireNumber
} from '../api/types';
import { durationMs, formatDuration, formatNumber, formatTime } from './format';
import type { ITableColumn, MetricStatistic } from './tableColumns';

/**
 * The summary field of each statistic.
 */
const STATISTIC_FIELDS: {
  [S in MetricStatistic]: keyof IMetricSummary;
} = {
  Min: 'min',
  Max: 'max',
  Avg: 'avg',
  StdDev: 'std_dev',
  Last: 'last',
  Count: 'count'
};

/**
 * Return the type of a component: from the server's `type` field, or
 * derived from its source ARN as the server does.
 */
export function componentType(row: ITrialComponent): TrialComponentType {
  if (row.type) {
    return row.type;
  }
  const arn = row.source?.source_arn ?? '';
  if (arn.includes(':training-job/')) {
    return 'training-job';
  }
  if (arn.includes(':processing-job/')) {
    return 'processing-job';
  }
  return 'other';
}

/**
 * Return the translated label of a component type.
 */
export function typeLabel(
  type: TrialComponentType,
  trans: TranslationBundle
): string {
  switch (type) {
    case 'training-job':
      return trans.__('Training job');
    case 'processing-job':
      return trans.__('Processing job');
    default:
      return trans.__('Other');
  }
}

/**
 * Return the distinct names of one field of a component's parents, sorted.
 */
export function parentNames(
  row: ITrialComponent,
  field: 'trial_name' | 'experiment_name'
): string[] {
  return [...new Set(row.parents.map(parent => parent[field]))].sort();
}

/**
 * Return the value of a metric statistic of a component, if logged.
 */
export function metricValue(
  row: ITrialComponent,
  metric: string,
  statistic: MetricStatistic
): WireNumber | null {
  const summary = row.metrics.find(item => item.metric_name === metric);
  if (!summary) {
    return null;
  }
  return summary[STATISTIC_FIELDS[statistic]] as WireNumber | null;
}

/**
 * Return the text of a cell. Cells are rendered as text, never as HTML.
 */
export function cellText(
  row: ITrialComponent,
  column: ITableColumn,
  trans: TranslationBundle
): string {
  switch (column.category) {
    case 'parameters': {
      const value = row.parameters[column.name];
      if (value === undefined || value === null) {
        return '';
      }
      // A string parameter keeps its text, even when it looks like a number.
      return typeof value === 'number' ? formatNumber(value) : String(value);
    }
    case 'metrics':
      return formatNumber(
        metricValue(row, column.name, column.statistic ?? 'Last')
      );
    case 'inputArtifacts':
      return row.input_artifacts[column.name]?.value ?? '';
    case 'outputArtifacts':
      return row.output_artifacts[column.name]?.value ?? '';
    case 'properties':
      return propertyText(row, column.key, trans);
  }
}

function propertyText(
  row: ITrialComponent,
  key: string,
  trans: TranslationBundle
): string {
  switch (key) {
    case 'TrialComponentName':
      return row.name;
    case 'DisplayName':
      return row.display_name ?? '';
    case 'Trials':
      return parentNames(row, 'trial_name').join(', ');
    case 'Experiments':
      return parentNames(row, 'experiment_name').join(', ');
    case 'Type':
      return typeLabel(componentType(row), trans);
    case 'Status.PrimaryStatus':
      return row.status?.primary_status ?? '';
    case 'CreationTime':
      return formatTime(row.creation_time);
    case 'LastModifiedTime':
      return formatTime(row.last_modified_time);
    case 'StartTime':
      return formatTime(row.start_time);
    case 'EndTime':
      return formatTime(row.end_time);
    case 'Duration':
      return formatDuration(durationMs(row.start_time, row.end_time));
    default:
      return '';
  }
}
