import { Token } from '@lumino/coreutils';
import type {
  IExperiment,
  ILogChunk,
  IMetricSeries,
  ITrial,
  ITrialComponent
} from './api/types';
import type { IColumnNames } from './model/tableColumns';

/**
 * One page of a list request.
 */
export interface IPage<T> {
  /** Items of this page, in the server's order. */
  items: T[];
  /** Token to request the next page, or `null` on the last page. */
  nextToken: string | null;
  /**
   * Number of items matching the request over all pages, or `null` when
   * the request asked the server not to count them.
   */
  totalCount: number | null;
}

/**
 * Query options shared by every list request.
 */
export interface IListQuery {
  /** Text that names or display names must contain. */
  search?: string;
  /** Property path to sort by, such as `name` or `creation_time`. */
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
  /** Page size, between 1 and 100. */
  maxResults?: number;
  /** Token returned with the previous page. */
  nextToken?: string;
}

/**
 * Query options of `GET trial-components`.
 */
export interface ITrialComponentQuery extends IListQuery {
  experimentName?: string;
  trialName?: string;
  /** Only components that belong to no trial. */
  unassigned?: boolean;
  /**
   * A union of experiments, trials, components and the unassigned
   * components; cannot be combined with the three options above.
   */
  scope?: ITableScope;
  /** A SageMaker search expression that the components must match. */
  filter?: ISearchExpression | null;
  /** Whether the server counts the matching components; default true. */
  includeTotalCount?: boolean;
}

/**
 * The trial components that a table lists: those of any of the
 * experiments, of any of the trials, the named components, and, when
 * `unassigned` is set, those that belong to no trial.
 */
export interface ITableScope {
  experiments?: string[];
  trials?: string[];
  trial_components?: string[];
  unassigned?: boolean;
}

/**
 * A SageMaker search expression, as the `filter` query parameter takes it.
 */
export interface ISearchExpression {
  Filters?: ISearchFilter[];
  NestedFilters?: unknown[];
  SubExpressions?: ISearchExpression[];
  Operator?: 'And' | 'Or';
}

/**
 * One condition of a search expression.
 */
export interface ISearchFilter {
  Name: string;
  Operator?: string;
  Value?: string;
}

/**
 * Query of the table routes (`trial-component-table/...`): a scope, and
 * for the export the filter, text search, sort and column keys.
 */
export interface ITableExportQuery {
  scope: ITableScope;
  filter?: ISearchExpression | null;
  search?: string;
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
  /** Keys of the exported columns, in order. */
  columns: string[];
}

/**
 * Distinct values of a column, for filters that pick from values.
 */
export interface IColumnValues {
  values: (string | number)[];
  /** Whether more values exist than were returned. */
  truncated: boolean;
}

/**
 * Options of metric series requests.
 */
export interface IMetricSeriesOptions {
  /**
   * Largest number of points to return, from 2 to 100,000. A longer
   * series is downsampled by the server, which keeps every bucket's
   * minimum and maximum so that spikes stay visible.
   */
  maxPoints?: number;
  /**
   * The chart's x axis. The time axes make the server return the points in
   * time order and downsample in buckets of time. The default is `step`.
   */
  x?: 'step' | 'wall_time' | 'relative_time';
  /**
   * Lower end of the x range to return, a finite number in the units of
   * `x`: the step, or seconds since the epoch on both time axes. With a
   * range the server returns the points inside it, downsampled only when
   * more than `maxPoints`, plus the nearest point outside each end.
   */
  xMin?: number;
  /** Upper end of the x range to return, in the units of `xMin`. */
  xMax?: number;
  /**
   * The scale of the chart's x axis. On `log` the server downsamples in
   * buckets of equal width in log10 of the step or the relative time, so
   * each decade keeps its detail. The default is `linear`.
   */
  xScale?: 'linear' | 'log';
}

/**
 * Direction of an artifact: an output or an input of its trial component.
 */
export type ChartArtifactDirection = 'output' | 'input';

/**
 * Options of chart artifact requests.
 */
export interface IChartArtifactOptions {
  /** Direction of the artifact; the default is `output`. */
  direction?: ChartArtifactDirection;
}

/**
 * The JSON document of a chart artifact, as the SDK wrote it. Its other
 * fields depend on `type`: `ConfusionMatrix`, `ROCCurve`,
 * `PrecisionRecallCurve` or `Table`.
 */
export interface IChartDocument {
  type: string;
  version: number;
  title?: string | null;
  [field: string]: unknown;
}

/**
 * Options of delete requests.
 */
export interface IDeleteOptions {
  /** Delete even when other records are still attached. */
  force?: boolean;
}

/**
 * Client of the experiments REST API.
 *
 * Models depend on this interface rather than on the class so that tests
 * can substitute a fake.
 */
export interface IExperimentsClient {
  /** Fetch the store revision, which increases on every write. */
  getRevision(): Promise<number>;

  listExperiments(query?: IListQuery): Promise<IPage<IExperiment>>;
  getExperiment(name: string): Promise<IExperiment>;
  deleteExperiment(name: string, options?: IDeleteOptions): Promise<void>;

  listTrials(
    experimentName: string,
    query?: IListQuery
  ): Promise<IPage<ITrial>>;
  getTrial(name: string): Promise<ITrial>;
  deleteTrial(name: string, options?: IDeleteOptions): Promise<void>;

  listTrialComponents(
    query?: ITrialComponentQuery
  ): Promise<IPage<ITrialComponent>>;
  getTrialComponent(name: string): Promise<ITrialComponent>;
  deleteTrialComponent(name: string, options?: IDeleteOptions): Promise<void>;

  /** Fetch the parameter, metric and artifact names found in a scope. */
  getTableColumns(scope: ITableScope): Promise<IColumnNames>;

  /** Fetch distinct values of a column within a scope. */
  getColumnValues(
    scope: ITableScope,
    property: string,
    search?: string
  ): Promise<IColumnValues>;

  /** Fetch the CSV export of a table. */
  exportTable(query: ITableExportQuery): Promise<Blob>;

  /**
   * Fetch the recorded points of one metric of a trial component: all of
   * them, or at most `options.maxPoints` keeping the extremes.
   */
  getMetricSeries(
    name: string,
    metricName: string,
    options?: IMetricSeriesOptions
  ): Promise<IMetricSeries>;

  /**
   * Fetch the JSON document of a chart artifact that the SDK logged, such
   * as a confusion matrix. The server rejects other artifacts with the
   * error code `NotAChartArtifact`.
   */
  getChartArtifact(
    name: string,
    artifactName: string,
    options?: IChartArtifactOptions
  ): Promise<IChartDocument>;

  /** Fetch the log of a job's trial component from `offset` on. */
  getLog(name: string, offset: number): Promise<ILogChunk>;
}

/**
 * The experiments REST client shared by every plugin of this extension.
 */
export const IExperimentsClient = new Token<IExperimentsClient>(
  'jupyterlab-experiments:IExperimentsClient',
  'Client of the jupyterlab-experiments REST API.'
);
