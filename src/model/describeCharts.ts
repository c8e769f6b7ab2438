import type { IDisposable } from '@lumino/disposable';
import { type ISignal, Signal } from '@lumino/signaling';
import type { IMetricSeries, ITrialComponent } from '../api/types';
import type { ChartArtifactDirection, IExperimentsClient } from '../tokens';
import {
  DEFAULT_CHART_PROPERTIES,
  type IChartProperties,
  type ITimeSeriesData,
  timeSeriesData
} from './chart';
import { DEFAULT_MAX_POINTS } from './pointBudget';

/** Media type of the chart files that the SDK's Tracker logs. */
export const CHART_MEDIA_TYPE = 'application/json';

/**
 * Error code that the server returns for an artifact that is not a chart,
 * such as a JSON file logged with `log_output_artifact`.
 */
export const NOT_A_CHART_ERROR_CODE = 'NotAChartArtifact';

/**
 * An input or output artifact that may hold a chart document.
 */
export interface IChartArtifactRef {
  direction: ChartArtifactDirection;
  name: string;
  /** Identity of the artifact among both directions. */
  key: string;
}

/**
 * A logged confusion matrix: rows are true labels, columns predicted
 * labels.
 */
export interface IConfusionMatrixChart {
  kind: 'confusionMatrix';
  title: string | null;
  /** Counts, one row per true label. */
  matrix: number[][];
  /**
   * Class labels in row and column order: the document's `labels`, else
   * the indices 0 to n - 1, because the SageMaker document format stores
   * no labels.
   */
  labels: string[];
}

/**
 * A logged ROC curve.
 */
export interface IRocCurveChart {
  kind: 'rocCurve';
  title: string | null;
  falsePositiveRate: number[];
  truePositiveRate: number[];
  /** Area under the curve, `null` when the document has none. */
  areaUnderCurve: number | null;
}

/**
 * A logged precision-recall curve.
 */
export interface IPrecisionRecallChart {
  kind: 'precisionRecall';
  title: string | null;
  recall: number[];
  precision: number[];
  /** Average precision, `null` when the document has none. */
  averagePrecision: number | null;
  /** Precision of a classifier that guesses, `null` when unknown. */
  noSkill: number | null;
}

/**
 * A chart read from an artifact document.
 */
export type ArtifactChart =
  IConfusionMatrixChart | IRocCurveChart | IPrecisionRecallChart;

/**
 * Error raised for a chart document whose fields cannot be drawn.
 */
export class ChartDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartDocumentError';
  }
}

/**
 * The chart of one metric: its series over steps once loaded.
 */
export interface IMetricChartEntry {
  metric: string;
  /** The prepared curve, `null` until the first load succeeds. */
  data: ITimeSeriesData | null;
  /** The properties `data` was prepared with, for `ChartView`. */
  properties: IChartProperties;
  loading: boolean;
  /** Error of the last load, or `null`. */
  error: Error | null;
}

/**
 * The chart of one artifact, once its document is loaded.
 */
export interface IArtifactChartEntry {
  artifact: IChartArtifactRef;
  /** The chart, `null` until loaded or when the artifact contains none. */
  chart: ArtifactChart | null;
  /**
   * Whether the artifact turned out to hold no chart that this view draws:
   * a table, or JSON that is not a chart document.
   */
  skipped: boolean;
  loading: boolean;
  error: Error | null;
}

/**
 * Return the properties of the line chart of one metric over steps.
 * `DescribeChartsModel` switches a series without steps to relative time.
 */
export function metricChartProperties(metric: string): IChartProperties {
  return {
    ...DEFAULT_CHART_PROPERTIES,
    dataType: 'timeSeries',
    chartType: 'line',
    metric,
    xAxis: 'step',
    color: 'none'
  };
}

/**
 * Return the artifacts of a component that may be chart documents: JSON
 * files in the local artifact store, outputs before inputs, each sorted
 * by name. Only the server can tell whether one is a chart.
 */
export function chartArtifactRefs(
  component: ITrialComponent
): IChartArtifactRef[] {
  const refs: IChartArtifactRef[] = [];
  const directions: [
    ChartArtifactDirection,
    ITrialComponent['input_artifacts']
  ][] = [
    ['output', component.output_artifacts],
    ['input', component.input_artifacts]
  ];
  for (const [direction, artifacts] of directions) {
    for (const name of Object.keys(artifacts).sort(compareText)) {
      const artifact = artifacts[name];
      if (
        artifact.media_type === CHART_MEDIA_TYPE &&
        artifact.value.startsWith('file://')
      ) {
        refs.push({ direction, name, key: artifactKey(direction, name) });
      }
    }
  }
  return refs;
}

/**
 * Return the identity of an artifact among both directions.
 */
export function artifactKey(
  direction: ChartArtifactDirection,
  name: string
): string {
  return `${direction}:${name}`;
}

/**
 * Read a chart from an artifact document written by the SDK's
 * `log_confusion_matrix`, `log_roc_curve` or `log_precision_recall`.
 *
 * Returns `null` for documents of other types, such as `Table`. Throws
 * `ChartDocumentError` when a chart's fields are missing or invalid,
 * because the document comes from a file that anyone may have edited.
 */
export function parseChartDocument(document: unknown): ArtifactChart | null {
  if (!isRecord(document)) {
    throw new ChartDocumentError('The chart document is not a JSON object.');
  }
  const title = typeof document.title === 'string' ? document.title : null;
  switch (document.type) {
    case 'ConfusionMatrix':
      return parseConfusionMatrix(document, title);
    case 'ROCCurve': {
      const falsePositiveRate = numberList(document, 'falsePositiveRate');
      const truePositiveRate = numberList(document, 'truePositiveRate');
      checkSameLength(
        'falsePositiveRate',
        falsePositiveRate,
        'truePositiveRate',
        truePositiveRate
      );
      return {
        kind: 'rocCurve',
        title,
        falsePositiveRate,
        truePositiveRate,
        areaUnderCurve: optionalNumber(document.areaUnderCurve)
      };
    }
    case 'PrecisionRecallCurve': {
      const recall = numberList(document, 'recall');
      const precision = numberList(document, 'precision');
      checkSameLength('recall', recall, 'precision', precision);
      return {
        kind: 'precisionRecall',
        title,
        recall,
        precision,
        averagePrecision: optionalNumber(document.averagePrecisionScore),
        noSkill: optionalNumber(document.noSkill)
      };
    }
    default:
      return null;
  }
}

function parseConfusionMatrix(
  document: { [key: string]: unknown },
  title: string | null
): IConfusionMatrixChart {
  const rows = document.confusionMatrix;
  const size = Array.isArray(rows) ? rows.length : 0;
  const square =
    Array.isArray(rows) &&
    size > 0 &&
    rows.every(
      row =>
        Array.isArray(row) &&
        row.length === size &&
        row.every(count => typeof count === 'number' && Number.isFinite(count))
    );
  if (!square) {
    throw new ChartDocumentError(
      'The confusionMatrix field is not a square matrix of numbers.'
    );
  }
  const labels = Array.isArray(document.labels) ? document.labels : null;
  const labelled =
    labels !== null &&
    labels.length === size &&
    labels.every(label =>
      ['string', 'number', 'boolean'].includes(typeof label)
    );
  return {
    kind: 'confusionMatrix',
    title,
    matrix: (rows as number[][]).map(row => [...row]),
    labels: labelled
      ? labels.map(label => String(label))
      : Array.from({ length: size }, (_, index) => String(index))
  };
}

function numberList(
  document: { [key: string]: unknown },
  field: string
): number[] {
  const list = document[field];
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every(item => typeof item === 'number' && Number.isFinite(item))
  ) {
    throw new ChartDocumentError(
      `The ${field} field is not a list of finite numbers.`
    );
  }
  return list as number[];
}

function checkSameLength(
  firstField: string,
  first: number[],
  secondField: string,
  second: number[]
): void {
  if (first.length !== second.length) {
    throw new ChartDocumentError(
      `The ${firstField} and ${secondField} fields differ in length (${first.length} and ${second.length}).`
    );
  }
}

function optionalNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/**
 * Internal state of one chart: what the view shows plus the bookkeeping
 * that decides when to load it again.
 */
interface IChartSlot<T> {
  entry: T;
  /** Whether the view has shown the chart, so it is loaded and kept fresh. */
  requested: boolean;
  /** Version of the data in the store, from the component record. */
  version: string;
  /** The `version` that the shown data was loaded at, or `null`. */
  loadedVersion: string | null;
  /** Number of the latest request, so that responses to older ones are dropped. */
  generation: number;
}

/**
 * State of the Charts section of the describe view: one time series chart
 * per metric of the component and one chart per logged chart artifact.
 *
 * Nothing is loaded until the view requests a chart, which it does when
 * the chart scrolls into sight. A requested chart is loaded again when
 * the component record shows that its data changed.
 */
export class DescribeChartsModel implements IDisposable {
  /**
   * Create the model of one component's charts. Call `update` with the
   * component record after each load.
   */
  constructor(options: DescribeChartsModel.IOptions) {
    this.name = options.name;
    this._client = options.client;
  }

  /** Name of the trial component. */
  readonly name: string;

  /** Emitted after any change of the entries. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** One entry per metric, sorted by metric name. */
  get metrics(): readonly IMetricChartEntry[] {
    return this._metricOrder.map(metric => this._metrics.get(metric)!.entry);
  }

  /** One entry per artifact that may be a chart. */
  get artifacts(): readonly IArtifactChartEntry[] {
    return this._artifactOrder.map(key => this._artifacts.get(key)!.entry);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Take the metrics and artifacts of a newly loaded component record.
   * Charts that the view requested are loaded again when their data
   * changed; charts of removed metrics and artifacts are dropped.
   */
  update(component: ITrialComponent): void {
    if (this._isDisposed) {
      return;
    }
    this._component = component;
    const metrics = [...component.metrics].sort((a, b) =>
      compareText(a.metric_name, b.metric_name)
    );
    const metricSlots = new Map<string, IChartSlot<IMetricChartEntry>>();
    for (const summary of metrics) {
      const metric = summary.metric_name;
      const slot = this._metrics.get(metric) ?? {
        entry: {
          metric,
          data: null,
          properties: metricChartProperties(metric),
          loading: false,
          error: null
        },
        requested: false,
        version: '',
        loadedVersion: null,
        generation: 0
      };
      // The count, time and last value change whenever a point is added.
      slot.version = JSON.stringify([
        summary.count,
        summary.time_stamp,
        summary.last
      ]);
      metricSlots.set(metric, slot);
    }
    this._metrics = metricSlots;
    this._metricOrder = metrics.map(summary => summary.metric_name);

    const refs = chartArtifactRefs(component);
    const artifactSlots = new Map<string, IChartSlot<IArtifactChartEntry>>();
    for (const ref of refs) {
      const artifacts =
        ref.direction === 'output'
          ? component.output_artifacts
          : component.input_artifacts;
      const slot = this._artifacts.get(ref.key) ?? {
        entry: {
          artifact: ref,
          chart: null,
          skipped: false,
          loading: false,
          error: null
        },
        requested: false,
        version: '',
        loadedVersion: null,
        generation: 0
      };
      // NOTE: a chart logged again under the same title keeps its URI, so
      // the new file is only read when the describe tab is opened again.
      slot.version = artifacts[ref.name].value;
      artifactSlots.set(ref.key, slot);
    }
    this._artifacts = artifactSlots;
    this._artifactOrder = refs.map(ref => ref.key);

    for (const metric of this._metricOrder) {
      this._refreshMetric(metric);
    }
    for (const key of this._artifactOrder) {
      this._refreshArtifact(key);
    }
    this._emit();
  }

  /**
   * Load a metric's chart if it is not loaded yet, and keep it fresh from
   * then on. `maxPoints` is the point budget the server downsamples to.
   */
  requestMetric(metric: string, maxPoints = DEFAULT_MAX_POINTS): void {
    const slot = this._metrics.get(metric);
    if (!slot || slot.requested) {
      return;
    }
    slot.requested = true;
    this._maxPoints.set(metric, maxPoints);
    this._refreshMetric(metric);
  }

  /**
   * Load an artifact's chart if it is not loaded yet, and keep it fresh
   * from then on.
   */
  requestArtifact(key: string): void {
    const slot = this._artifacts.get(key);
    if (!slot || slot.requested) {
      return;
    }
    slot.requested = true;
    this._refreshArtifact(key);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _refreshMetric(metric: string): void {
    const slot = this._metrics.get(metric);
    if (!slot || !this._needsLoad(slot)) {
      return;
    }
    const generation = ++slot.generation;
    const version = slot.version;
    slot.entry = { ...slot.entry, loading: true };
    this._emit();
    void this._client
      .getMetricSeries(this.name, metric, {
        maxPoints: this._maxPoints.get(metric) ?? DEFAULT_MAX_POINTS,
        x: 'step'
      })
      .then(
        series => this._metricLoaded(metric, generation, version, series, null),
        (error: unknown) =>
          this._metricLoaded(metric, generation, version, null, toError(error))
      );
  }

  private _metricLoaded(
    metric: string,
    generation: number,
    version: string,
    series: IMetricSeries | null,
    error: Error | null
  ): void {
    const slot = this._metrics.get(metric);
    if (this._isDisposed || !slot || slot.generation !== generation) {
      return;
    }
    slot.loadedVersion = version;
    let { data, properties } = slot.entry;
    if (series && this._component) {
      const xAxis = stepless(series) ? 'relativeTime' : 'step';
      if (properties.xAxis !== xAxis) {
        properties = { ...properties, xAxis };
      }
      data = timeSeriesData(
        [{ component: this._component, series }],
        properties
      );
    }
    slot.entry = { ...slot.entry, data, properties, loading: false, error };
    this._emit();
    // The record may have changed again while the request ran.
    this._refreshMetric(metric);
  }

  private _refreshArtifact(key: string): void {
    const slot = this._artifacts.get(key);
    if (!slot || !this._needsLoad(slot)) {
      return;
    }
    const generation = ++slot.generation;
    const version = slot.version;
    const { direction, name } = slot.entry.artifact;
    slot.entry = { ...slot.entry, loading: true };
    this._emit();
    void this._client.getChartArtifact(this.name, name, { direction }).then(
      document => this._artifactLoaded(key, generation, version, document),
      (error: unknown) =>
        this._artifactFailed(key, generation, version, toError(error))
    );
  }

  private _artifactLoaded(
    key: string,
    generation: number,
    version: string,
    document: unknown
  ): void {
    const slot = this._artifacts.get(key);
    if (this._isDisposed || !slot || slot.generation !== generation) {
      return;
    }
    slot.loadedVersion = version;
    try {
      const chart = parseChartDocument(document);
      slot.entry = {
        ...slot.entry,
        chart,
        skipped: chart === null,
        loading: false,
        error: null
      };
    } catch (error) {
      slot.entry = {
        ...slot.entry,
        chart: null,
        skipped: false,
        loading: false,
        error: toError(error)
      };
    }
    this._emit();
    this._refreshArtifact(key);
  }

  private _artifactFailed(
    key: string,
    generation: number,
    version: string,
    error: Error
  ): void {
    const slot = this._artifacts.get(key);
    if (this._isDisposed || !slot || slot.generation !== generation) {
      return;
    }
    slot.loadedVersion = version;
    // A JSON file that is not a chart is expected, not an error.
    const skipped =
      (error as { errorCode?: unknown }).errorCode === NOT_A_CHART_ERROR_CODE;
    slot.entry = {
      ...slot.entry,
      chart: skipped ? null : slot.entry.chart,
      skipped,
      loading: false,
      error: skipped ? null : error
    };
    this._emit();
    this._refreshArtifact(key);
  }

  /**
   * Tell whether a requested chart is idle and older than the record.
   */
  private _needsLoad<T extends { loading: boolean }>(
    slot: IChartSlot<T>
  ): boolean {
    return (
      !this._isDisposed &&
      slot.requested &&
      !slot.entry.loading &&
      slot.loadedVersion !== slot.version
    );
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _client: IExperimentsClient;
  private _component: ITrialComponent | null = null;
  private _metrics = new Map<string, IChartSlot<IMetricChartEntry>>();
  private _metricOrder: string[] = [];
  private _maxPoints = new Map<string, number>();
  private _artifacts = new Map<string, IChartSlot<IArtifactChartEntry>>();
  private _artifactOrder: string[] = [];
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
}

/**
 * A namespace for `DescribeChartsModel` statics.
 */
export namespace DescribeChartsModel {
  /**
   * Options of the model constructor.
   */
  export interface IOptions {
    /** Name of the trial component. */
    name: string;
    client: IExperimentsClient;
  }
}

/**
 * Tell whether no point of a series has a step, as when `log_metric` is
 * called without `iteration_number`. Such a series is drawn over the
 * seconds since its first point instead.
 */
function stepless(series: IMetricSeries): boolean {
  return (
    series.points.length > 0 &&
    series.points.every(point => point.step === null)
  );
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
