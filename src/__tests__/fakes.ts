import { ExperimentsApiError } from '../api/errors';
import type {
  IExperiment,
  ILogChunk,
  IMetricSeries,
  ITrial,
  ITrialComponent
} from '../api/types';
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

/**
 * Keep at most `budget` evenly spaced points, first and last included.
 * The real server keeps each bucket's extremes instead.
 */
function evenlySpaced<T>(
  points: readonly T[],
  budget: number | undefined
): T[] {
  if (budget === undefined || points.length <= budget) {
    return [...points];
  }
  const kept = Array.from({ length: budget }, (_, index) =>
    Math.round((index * (points.length - 1)) / (budget - 1))
  );
  return kept.map(index => points[index]);
}

/**
 * Build an experiment with defaults for the fields a test does not set.
 */
export function makeExperiment(
  name: string,
  fields: Partial<IExperiment> = {}
): IExperiment {
  return {
    name,
    display_name: null,
    description: null,
    arn: `arn:aws:sagemaker:local:000000000000:experiment/${name}`,
    creation_time: '2026-12-01T09:00:00Z',
    last_modified_time: '2026-12-01T09:00:00Z',
    trial_count: 0,
    ...fields
  };
}

/**
 * Build a trial with defaults for the fields a test does not set.
 */
export function makeTrial(
  name: string,
  experimentName: string,
  fields: Partial<ITrial> = {}
): ITrial {
  return {
    name,
    display_name: null,
    experiment_name: experimentName,
    arn: `arn:aws:sagemaker:local:000000000000:experiment-trial/${name}`,
    creation_time: '2026-12-01T09:00:00Z',
    last_modified_time: '2026-12-01T09:00:00Z',
    trial_component_count: 0,
    ...fields
  };
}

/**
 * Build a trial component with defaults for the fields a test does not set.
 */
export function makeComponent(
  name: string,
  fields: Partial<ITrialComponent> = {}
): ITrialComponent {
  return {
    name,
    display_name: null,
    arn: `arn:aws:sagemaker:local:000000000000:experiment-trial-component/${name}`,
    source: null,
    status: { primary_status: 'Completed', message: null },
    start_time: null,
    end_time: null,
    creation_time: '2026-12-01T09:00:00Z',
    last_modified_time: '2026-12-01T09:00:00Z',
    parameters: {},
    input_artifacts: {},
    output_artifacts: {},
    metrics: [],
    parents: [],
    tags: {},
    ...fields
  };
}

/**
 * An in-memory implementation of the REST client for model tests.
 *
 * Lists are paged like the server (`maxResults`, `nextToken` as an offset)
 * and filtered by `search` on the name and display name.
 */
export class FakeClient implements IExperimentsClient {
  revision = 1;
  experiments: IExperiment[] = [];
  trials: ITrial[] = [];
  components: ITrialComponent[] = [];
  logs: { [name: string]: string } = {};
  /** Points of each component's metrics, by component and metric name. */
  series: {
    [name: string]: { [metricName: string]: IMetricSeries['points'] };
  } = {};
  /**
   * Chart documents by component, then by `<direction>:<artifact name>`.
   * An `Error` is thrown instead of returned.
   */
  chartArtifacts: {
    [name: string]: { [key: string]: IChartDocument | Error };
  } = {};
  logComplete = false;
  /** Names of the records that refuse deletion without force. */
  conflicts = new Set<string>();
  /** Every call, as `method(argument)`, for assertions. */
  calls: string[] = [];
  /** Error thrown by the next call, then cleared. */
  failNext: Error | null = null;

  async getRevision(): Promise<number> {
    this._record('getRevision', '');
    return this.revision;
  }

  async listExperiments(query: IListQuery = {}): Promise<IPage<IExperiment>> {
    this._record('listExperiments', query.nextToken ?? '');
    return page(filter(this.experiments, query.search), query);
  }

  async getExperiment(name: string): Promise<IExperiment> {
    this._record('getExperiment', name);
    return find(this.experiments, name);
  }

  async deleteExperiment(
    name: string,
    options: IDeleteOptions = {}
  ): Promise<void> {
    this._record('deleteExperiment', `${name}${options.force ? ' force' : ''}`);
    this._checkConflict(name, options);
    this.experiments = this.experiments.filter(e => e.name !== name);
    this.revision++;
  }

  async listTrials(
    experimentName: string,
    query: IListQuery = {}
  ): Promise<IPage<ITrial>> {
    this._record('listTrials', experimentName);
    const trials = this.trials.filter(
      t => t.experiment_name === experimentName
    );
    return page(filter(trials, query.search), query);
  }

  async getTrial(name: string): Promise<ITrial> {
    this._record('getTrial', name);
    return find(this.trials, name);
  }

  async deleteTrial(name: string, options: IDeleteOptions = {}): Promise<void> {
    this._record('deleteTrial', name);
    this._checkConflict(name, options);
    this.trials = this.trials.filter(t => t.name !== name);
    this.revision++;
  }

  async listTrialComponents(
    query: ITrialComponentQuery = {}
  ): Promise<IPage<ITrialComponent>> {
    this._record(
      'listTrialComponents',
      query.trialName ??
        (query.unassigned ? 'unassigned' : '') +
          (query.scope ? JSON.stringify(query.scope) : '') +
          (query.sortBy ? ` ${query.sortBy} ${query.sortOrder}` : '') +
          (query.nextToken ? ` @${query.nextToken}` : '') +
          (query.includeTotalCount === false ? ' uncounted' : '')
    );
    let components = this.components;
    if (query.scope) {
      // Like the server, reject a scope that names a missing component.
      const known = new Set(components.map(c => c.name.toLowerCase()));
      const missingName = (query.scope.trial_components ?? []).find(
        name => !known.has(name.toLowerCase())
      );
      if (missingName !== undefined) {
        throw notFound(
          `TrialComponent '${missingName}' of the scope does not exist`
        );
      }
      components = components.filter(c => inScope(c, query.scope!));
    }
    if (query.sortBy) {
      components = sortBy(components, query.sortBy, query.sortOrder);
    }
    if (query.trialName) {
      components = components.filter(c =>
        c.parents.some(p => p.trial_name === query.trialName)
      );
    }
    if (query.unassigned) {
      components = components.filter(c => c.parents.length === 0);
    }
    const result = page(filter(components, query.search), query);
    if (query.includeTotalCount === false) {
      result.totalCount = null;
    }
    return result;
  }

  async getTableColumns(scope: ITableScope): Promise<IColumnNames> {
    this._record('getTableColumns', JSON.stringify(scope));
    const components = this.components.filter(c => inScope(c, scope));
    const names = (pick: (c: ITrialComponent) => string[]) =>
      [...new Set(components.flatMap(pick))].sort();
    return {
      parameters: names(c => Object.keys(c.parameters)),
      metrics: names(c => c.metrics.map(m => m.metric_name)),
      input_artifacts: names(c => Object.keys(c.input_artifacts)),
      output_artifacts: names(c => Object.keys(c.output_artifacts))
    };
  }

  async getColumnValues(
    scope: ITableScope,
    property: string,
    search = ''
  ): Promise<IColumnValues> {
    this._record('getColumnValues', `${property} ${search}`);
    return { values: [], truncated: false };
  }

  async exportTable(query: ITableExportQuery): Promise<Blob> {
    this._record('exportTable', query.columns.join(','));
    return new Blob(['']);
  }

  async getTrialComponent(name: string): Promise<ITrialComponent> {
    this._record('getTrialComponent', name);
    const component = this.components.find(c => c.name === name);
    if (!component) {
      throw notFound(`${name} not found`);
    }
    return component;
  }

  async deleteTrialComponent(
    name: string,
    options: IDeleteOptions = {}
  ): Promise<void> {
    this._record('deleteTrialComponent', name);
    this._checkConflict(name, options);
    this.components = this.components.filter(c => c.name !== name);
    this.revision++;
  }

  async getMetricSeries(
    name: string,
    metricName: string,
    options: IMetricSeriesOptions = {}
  ): Promise<IMetricSeries> {
    const budget = options.maxPoints;
    const ranged = options.xMin !== undefined || options.xMax !== undefined;
    const details =
      (budget === undefined ? '' : ` max ${budget}`) +
      (options.x === undefined ? '' : ` x ${options.x}`) +
      (ranged ? ` range ${options.xMin} ${options.xMax}` : '') +
      (options.xScale === undefined ? '' : ` scale ${options.xScale}`);
    this._record('getMetricSeries', `${name} ${metricName}${details}`);
    const points = this.series[name]?.[metricName] ?? [];
    if (!ranged) {
      const kept = evenlySpaced(points, budget);
      return {
        metric_name: metricName,
        points: kept,
        downsampled: kept.length < points.length,
        point_count: points.length
      };
    }
    // Like the server: the points inside the range, downsampled when too
    // many, plus the nearest point outside each end.
    const x = (point: IMetricSeries['points'][number]) =>
      (options.x ?? 'step') === 'step'
        ? (point.step ?? NaN)
        : Date.parse(point.timestamp ?? '') / 1000;
    const sorted = [...points].sort((a, b) => x(a) - x(b));
    const low = options.xMin ?? -Infinity;
    const high = options.xMax ?? Infinity;
    const first = sorted.findIndex(point => x(point) >= low);
    const start = first === -1 ? sorted.length : first;
    let end = start;
    while (end < sorted.length && x(sorted[end]) <= high) {
      end++;
    }
    const inside = sorted.slice(start, end);
    const kept = evenlySpaced(inside, budget);
    return {
      metric_name: metricName,
      points: [
        ...sorted.slice(Math.max(0, start - 1), start),
        ...kept,
        ...sorted.slice(end, end + 1)
      ],
      downsampled: kept.length < inside.length,
      point_count: inside.length
    };
  }

  async getChartArtifact(
    name: string,
    artifactName: string,
    options: IChartArtifactOptions = {}
  ): Promise<IChartDocument> {
    const direction = options.direction ?? 'output';
    this._record('getChartArtifact', `${name} ${direction}:${artifactName}`);
    const document =
      this.chartArtifacts[name]?.[`${direction}:${artifactName}`];
    if (document === undefined) {
      throw new Error(`${direction} artifact ${artifactName} not found`);
    }
    if (document instanceof Error) {
      throw document;
    }
    return document;
  }

  async getLog(name: string, offset: number): Promise<ILogChunk> {
    this._record('getLog', `${name} ${offset}`);
    const text = (this.logs[name] ?? '').slice(offset);
    return {
      text,
      offset: offset + text.length,
      complete: this.logComplete
    };
  }

  private _record(method: string, argument: string): void {
    this.calls.push(`${method}(${argument})`);
    const error = this.failNext;
    if (error) {
      this.failNext = null;
      throw error;
    }
  }

  private _checkConflict(name: string, options: IDeleteOptions): void {
    if (this.conflicts.has(name) && !options.force) {
      throw new Error(`${name} still has records attached`);
    }
  }
}

/**
 * Build the error of a 404 response, as the client raises it.
 */
function notFound(message: string): ExperimentsApiError {
  return new ExperimentsApiError(new Response(null, { status: 404 }), {
    message
  });
}

function inScope(component: ITrialComponent, scope: ITableScope): boolean {
  return (
    (scope.trial_components ?? []).includes(component.name) ||
    component.parents.some(
      parent =>
        (scope.trials ?? []).includes(parent.trial_name) ||
        (scope.experiments ?? []).includes(parent.experiment_name)
    ) ||
    (!!scope.unassigned && component.parents.length === 0)
  );
}

/**
 * Sort by a parameter or metric statistic key as the server does: numbers,
 * then strings, then missing values, ties by name.
 */
function sortBy(
  components: ITrialComponent[],
  key: string,
  order: 'ascending' | 'descending' | undefined
): ITrialComponent[] {
  const value = (c: ITrialComponent): number | string | null => {
    if (key.startsWith('Parameters.')) {
      const v = c.parameters[key.slice('Parameters.'.length)];
      return v === undefined ? null : (v as number | string);
    }
    if (key.startsWith('Metrics.')) {
      const [, ...rest] = key.split('.');
      const statistic = rest.pop()!.toLowerCase();
      const summary = c.metrics.find(m => m.metric_name === rest.join('.'));
      const v = summary?.[statistic as 'max'];
      return v === undefined || v === null ? null : (v as number);
    }
    return c.name;
  };
  const group = (v: number | string | null) =>
    v === null ? 2 : typeof v === 'number' ? 0 : 1;
  const sign = order === 'descending' ? -1 : 1;
  return [...components].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (group(va) !== group(vb)) {
      return group(va) - group(vb);
    }
    if (va !== null && vb !== null && va !== vb) {
      return (va < vb ? -1 : 1) * sign;
    }
    return a.name < b.name ? -1 : 1;
  });
}

function filter<T extends { name: string; display_name: string | null }>(
  items: T[],
  search: string | undefined
): T[] {
  if (!search) {
    return items;
  }
  const text = search.toLowerCase();
  return items.filter(
    item =>
      item.name.toLowerCase().includes(text) ||
      (item.display_name ?? '').toLowerCase().includes(text)
  );
}

function page<T>(items: T[], query: IListQuery): IPage<T> {
  const start = query.nextToken ? Number(query.nextToken) : 0;
  const size = query.maxResults ?? 50;
  const end = start + size;
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? String(end) : null,
    totalCount: items.length
  };
}

function find<T extends { name: string }>(items: T[], name: string): T {
  const item = items.find(i => i.name === name);
  if (!item) {
    throw new Error(`${name} not found`);
  }
  return item;
}

/**
 * Wait until `condition` holds, checking after each turn of the event loop.
 */
export async function waitFor(
  condition: () => boolean,
  timeout = 2000
): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeout) {
      throw new Error('Condition not met in time');
    }
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}
