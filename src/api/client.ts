import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator, type ITranslator } from '@jupyterlab/translation';
import type { IColumnNames } from '../model/tableColumns';
import type {
  IChartArtifactOptions,
  IChartDocument,
  IColumnValues,
  IDeleteOptions,
  IExperimentsClient,
  IListQuery,
  IMetricSeriesOptions,
  IPage,
  ITableExportQuery,
  ITableScope,
  ITrialComponentQuery
} from '../tokens';
import { ExperimentsApiError, ServerExtensionMissingError } from './errors';
import type {
  IErrorBody,
  IExperiment,
  ILogChunk,
  IMetricSeries,
  IRevisionResponse,
  ITrial,
  ITrialComponent,
  ListResponse
} from './types';

/**
 * Path segment under the server's base URL where the REST API lives.
 */
export const API_NAMESPACE = 'jupyterlab-experiments';

/**
 * Client of the experiments REST API, sending requests through
 * `ServerConnection` so that the token and XSRF cookie are attached.
 */
export class ExperimentsClient implements IExperimentsClient {
  /**
   * Create a client for the server described by `options.serverSettings`.
   */
  constructor(options: ExperimentsClient.IOptions = {}) {
    this.serverSettings =
      options.serverSettings ?? ServerConnection.makeSettings();
    this._trans = (options.translator ?? nullTranslator).load(
      'jupyterlab_experiments'
    );
  }

  /** Settings of the server that receives the requests. */
  readonly serverSettings: ServerConnection.ISettings;

  async getRevision(): Promise<number> {
    const body = await this._request<IRevisionResponse>(['revision']);
    return body.revision;
  }

  async listExperiments(query: IListQuery = {}): Promise<IPage<IExperiment>> {
    const body = await this._request<ListResponse<'experiments', IExperiment>>(
      ['experiments'],
      listParams(query)
    );
    return toPage(body.experiments, body);
  }

  getExperiment(name: string): Promise<IExperiment> {
    return this._request<IExperiment>(['experiments', name]);
  }

  deleteExperiment(name: string, options: IDeleteOptions = {}): Promise<void> {
    return this._delete(['experiments', name], options);
  }

  async listTrials(
    experimentName: string,
    query: IListQuery = {}
  ): Promise<IPage<ITrial>> {
    const body = await this._request<ListResponse<'trials', ITrial>>(
      ['experiments', experimentName, 'trials'],
      listParams(query)
    );
    return toPage(body.trials, body);
  }

  getTrial(name: string): Promise<ITrial> {
    return this._request<ITrial>(['trials', name]);
  }

  deleteTrial(name: string, options: IDeleteOptions = {}): Promise<void> {
    return this._delete(['trials', name], options);
  }

  async listTrialComponents(
    query: ITrialComponentQuery = {}
  ): Promise<IPage<ITrialComponent>> {
    const params = listParams(query);
    if (query.experimentName) {
      params.experiment_name = query.experimentName;
    }
    if (query.trialName) {
      params.trial_name = query.trialName;
    }
    if (query.unassigned) {
      params.unassigned = 'true';
    }
    if (query.scope) {
      params.scope = JSON.stringify(query.scope);
    }
    if (query.filter) {
      params.filter = JSON.stringify(query.filter);
    }
    if (query.includeTotalCount === false) {
      params.include_total_count = 'false';
    }
    const body = await this._request<
      ListResponse<'trial_components', ITrialComponent>
    >(['trial-components'], params);
    return toPage(body.trial_components, body);
  }

  getTrialComponent(name: string): Promise<ITrialComponent> {
    return this._request<ITrialComponent>(['trial-components', name]);
  }

  deleteTrialComponent(
    name: string,
    options: IDeleteOptions = {}
  ): Promise<void> {
    return this._delete(['trial-components', name], options);
  }

  getTableColumns(scope: ITableScope): Promise<IColumnNames> {
    return this._request<IColumnNames>(['trial-component-table', 'columns'], {
      scope: JSON.stringify(scope)
    });
  }

  getColumnValues(
    scope: ITableScope,
    property: string,
    search = ''
  ): Promise<IColumnValues> {
    const params: Record<string, string> = {
      scope: JSON.stringify(scope),
      property
    };
    if (search) {
      params.search = search;
    }
    return this._request<IColumnValues>(
      ['trial-component-table', 'values'],
      params
    );
  }

  async exportTable(query: ITableExportQuery): Promise<Blob> {
    const params: Record<string, string> = {
      scope: JSON.stringify(query.scope),
      columns: JSON.stringify(query.columns)
    };
    if (query.filter) {
      params.filter = JSON.stringify(query.filter);
    }
    if (query.search) {
      params.search = query.search;
    }
    if (query.sortBy) {
      params.sort_by = query.sortBy;
    }
    if (query.sortOrder) {
      params.sort_order = query.sortOrder;
    }
    const response = await this._fetch(
      ['trial-component-table', 'export'],
      params
    );
    if (!response.ok) {
      throw this._toError(response, parseJson(await response.text()));
    }
    this._reachedServer = true;
    return response.blob();
  }

  getMetricSeries(
    name: string,
    metricName: string,
    options: IMetricSeriesOptions = {}
  ): Promise<IMetricSeries> {
    const params: Record<string, string> = {};
    if (options.maxPoints !== undefined) {
      params.max_points = String(options.maxPoints);
    }
    if (options.x !== undefined) {
      params.x = options.x;
    }
    if (options.xMin !== undefined) {
      params.x_min = String(options.xMin);
    }
    if (options.xMax !== undefined) {
      params.x_max = String(options.xMax);
    }
    if (options.xScale !== undefined) {
      params.x_scale = options.xScale;
    }
    // URLs drop a path segment of "." or "..", even percent-encoded, so
    // such a name goes into the query.
    if (metricName === '.' || metricName === '..') {
      return this._request<IMetricSeries>(
        ['trial-components', name, 'metrics'],
        { ...params, metric_name: metricName }
      );
    }
    return this._request<IMetricSeries>(
      ['trial-components', name, 'metrics', metricName],
      params
    );
  }

  getChartArtifact(
    name: string,
    artifactName: string,
    options: IChartArtifactOptions = {}
  ): Promise<IChartDocument> {
    const params: Record<string, string> = {};
    if (options.direction !== undefined) {
      params.direction = options.direction;
    }
    return this._request<IChartDocument>(
      ['trial-components', name, 'artifacts', artifactName],
      params
    );
  }

  getLog(name: string, offset: number): Promise<ILogChunk> {
    return this._request<ILogChunk>(['trial-components', name, 'log'], {
      offset: String(offset)
    });
  }

  /**
   * Build the URL of an API resource. Every segment is percent-encoded, so
   * names containing `/`, `?`, `#` or spaces address exactly one resource.
   */
  url(segments: string[], params: Record<string, string> = {}): string {
    const path = URLExt.join(
      this.serverSettings.baseUrl,
      API_NAMESPACE,
      'api',
      ...segments.map(segment => encodeURIComponent(segment))
    );
    const query = new URLSearchParams(params).toString();
    return query ? `${path}?${query}` : path;
  }

  private async _delete(
    segments: string[],
    options: IDeleteOptions
  ): Promise<void> {
    const params: Record<string, string> = options.force
      ? { force: 'true' }
      : {};
    await this._request<null>(segments, params, { method: 'DELETE' });
  }

  private async _request<T>(
    segments: string[],
    params: Record<string, string> = {},
    init: RequestInit = {}
  ): Promise<T> {
    const response = await this._fetch(segments, params, init);
    const text = await response.text();
    const body = parseJson(text);
    if (!response.ok) {
      throw this._toError(response, body);
    }
    this._reachedServer = true;
    return (body ?? null) as T;
  }

  private async _fetch(
    segments: string[],
    params: Record<string, string>,
    init: RequestInit = {}
  ): Promise<Response> {
    const url = this.url(segments, params);
    try {
      // With the default `no-store`, ServerConnection appends a bare
      // timestamp to the query string, which the server rejects as an
      // unknown parameter. `no-cache` also makes the browser revalidate
      // every response, without changing the URL.
      return await ServerConnection.makeRequest(
        url,
        { cache: 'no-cache', ...init },
        this.serverSettings
      );
    } catch (error) {
      throw new ServerConnection.NetworkError(error as TypeError);
    }
  }

  private _toError(response: Response, body: unknown): Error {
    const errorBody = isErrorBody(body) ? body : null;
    // A 404 without our JSON error body comes from the Jupyter server itself:
    // no handler is registered under the namespace. If no request has
    // succeeded yet, the server extension is not loaded.
    if (response.status === 404 && !errorBody && !this._reachedServer) {
      return new ServerExtensionMissingError(
        this._trans.__(
          'The jupyterlab_experiments server extension is not installed or not enabled. Install it with "pip install jupyterlab_experiments" in the environment that runs the Jupyter server, check that "jupyter server extension list" shows it as OK, then restart JupyterLab.'
        )
      );
    }
    return new ExperimentsApiError(response, errorBody);
  }

  private _reachedServer = false;
  private _trans: ReturnType<ITranslator['load']>;
}

/**
 * A namespace for `ExperimentsClient` statics.
 */
export namespace ExperimentsClient {
  /**
   * Options of the client constructor.
   */
  export interface IOptions {
    /** Settings of the server; defaults to `ServerConnection.makeSettings()`. */
    serverSettings?: ServerConnection.ISettings;
    /** Translator for the messages of the errors the client raises. */
    translator?: ITranslator;
  }
}

function listParams(query: IListQuery): Record<string, string> {
  const params: Record<string, string> = {};
  if (query.search) {
    params.search = query.search;
  }
  if (query.sortBy) {
    params.sort_by = query.sortBy;
  }
  if (query.sortOrder) {
    params.sort_order = query.sortOrder;
  }
  if (query.maxResults !== undefined) {
    params.max_results = String(query.maxResults);
  }
  if (query.nextToken) {
    params.next_token = query.nextToken;
  }
  return params;
}

function toPage<T>(
  items: T[] | undefined,
  body: { next_token?: string | null; total_count?: number | null }
): IPage<T> {
  const list = items ?? [];
  return {
    items: list,
    nextToken: body.next_token ?? null,
    // The server sends null when the request asked it not to count.
    totalCount: body.total_count === undefined ? list.length : body.total_count
  };
}

function parseJson(text: string): unknown {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    // Proxies and the Jupyter server's own error pages return HTML.
    return null;
  }
}

function isErrorBody(body: unknown): body is IErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as IErrorBody).error_code === 'string'
  );
}
