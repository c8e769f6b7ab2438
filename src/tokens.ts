import { Token } from '@lumino/coreutils';
import type {
  IExperiment,
  ILogChunk,
  IMetricSeries,
  ITrial,
  ITrialComponent
} from './api/types';

/**
 * One page of a list request.
 */
export interface IPage<T> {
  /** Items of this page, in the server's order. */
  items: T[];
  /** Token to request the next page, or `null` on the last page. */
  nextToken: string | null;
  /** Number of items matching the request over all pages. */
  totalCount: number;
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

  /** Fetch every recorded point of one metric of a trial component. */
  getMetricSeries(name: string, metricName: string): Promise<IMetricSeries>;

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
