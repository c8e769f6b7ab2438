import { MainAreaWidget } from '@jupyterlab/apputils';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { type ISignal, Signal } from '@lumino/signaling';
import React from 'react';
import { ExperimentsApiError } from '../api/errors';
import type { IMetricSeries, ITrialComponent } from '../api/types';
import { ChartProperties } from '../components/ChartProperties';
import {
  type ChartInput,
  ChartView,
  columnTitle,
  loadPlotly
} from '../components/ChartView';
import { experimentsIcon } from '../icons';
import {
  chartOptions,
  DEFAULT_CHART_PROPERTIES,
  fillChartDefaults,
  type IChartOptions,
  type IChartProperties,
  type ISummaryData,
  type ITimeSeriesData,
  parseChartProperties,
  pointBudget,
  summaryData,
  timeSeriesData,
  updateChartProperties
} from '../model/chart';
import { newChartWidgetId, parseChartWidgetId } from './chartWidgetId';
import {
  notebookCode,
  sharedExperimentNames,
  timeAxisParameter
} from '../model/chartCode';
import type { RevisionMonitor } from '../model/revision';
import type { IExperimentsClient, IMetricSeriesOptions } from '../tokens';

/** How long the "Copied" confirmation stays, in milliseconds. */
const COPIED_MESSAGE_MS = 2000;

/**
 * Content of an "Add chart" tab: loads the charted trial components and,
 * for time series, their metric, and loads them again whenever the store
 * revision changes.
 */
export class ChartContent extends ReactWidget {
  /**
   * Create the content. Call `load()` to fetch the components.
   */
  constructor(options: ChartWidget.IOptions) {
    super();
    this._client = options.client;
    this._monitor = options.monitor ?? null;
    this._themeChanged = options.themeChanged ?? null;
    this._onCopyCode = options.onCopyCode ?? null;
    this._trans = options.translator.load('jupyterlab_experiments');
    this._names = [...new Set(options.names)];
    this._properties = updateChartProperties(
      DEFAULT_CHART_PROPERTIES,
      parseChartProperties(options.properties ?? {})
    );
    this.addClass('jp-ExperimentsChart');
    this._monitor?.changed.connect(this._onRevisionChanged, this);
    this._themeChanged?.connect(this._onThemeChanged, this);
  }

  /** Names of the charted trial components, without repeats, in order. */
  get names(): readonly string[] {
    return this._names;
  }

  /** The chart's settings. */
  get properties(): IChartProperties {
    return this._properties;
  }

  /** Emitted when the names or the properties change, to save the layout. */
  get stateChanged(): ISignal<this, void> {
    return this._stateChanged;
  }

  /** Whether a request for the chart's data is running. */
  get loading(): boolean {
    return this._loading;
  }

  /** The loaded components, in the order of `names`. */
  get components(): ITrialComponent[] {
    return this._names
      .map(name => this._components.get(name))
      .filter((component): component is ITrialComponent => !!component);
  }

  /** The parameters and metrics offered as axes. */
  get options(): IChartOptions {
    return chartOptions(this.components);
  }

  /**
   * Chart other trial components, such as the rows now selected in the
   * table, keeping the properties.
   */
  setNames(names: readonly string[]): Promise<void> {
    const unique = [...new Set(names)];
    if (
      unique.length === this._names.length &&
      unique.every((name, index) => name === this._names[index])
    ) {
      return this._running ?? Promise.resolve();
    }
    this._names = unique;
    this._stateChanged.emit();
    return this.load();
  }

  /**
   * Change some properties and load the data they need.
   */
  setProperties(changes: Partial<IChartProperties>): Promise<void> {
    this._properties = updateChartProperties(this._properties, changes);
    this._stateChanged.emit();
    this.update();
    if (this._needsSeries() || this._running) {
      return this._schedule();
    }
    return Promise.resolve();
  }

  /**
   * Fetch the components, and the metric series for a time series chart,
   * then show them. Resolves once the chart shows the current data.
   */
  load(): Promise<void> {
    this._componentsStale = true;
    this._seriesStale = true;
    return this._schedule();
  }

  /**
   * Build the notebook code of the chart and hand it to `onCopyCode`.
   */
  copyCode(): void {
    if (!this._onCopyCode) {
      return;
    }
    const properties = this._properties;
    const input = this._input(this.components);
    // The pane shows a log x axis as off for text values, and
    // summary_chart rejects one, so the code leaves it out too.
    const textX =
      input.dataType === 'summary' && input.data.categories !== null;
    const code = notebookCode(
      { ...properties, logX: properties.logX && !textX },
      this._names,
      sharedExperimentNames(this.components)
    );
    this._onCopyCode(code);
    this._copied = true;
    this.update();
    window.clearTimeout(this._copiedTimer);
    this._copiedTimer = window.setTimeout(() => {
      this._copied = false;
      this.update();
    }, COPIED_MESSAGE_MS);
  }

  /**
   * Show or hide the CHART PROPERTIES pane.
   */
  toggleProperties(): void {
    this._showProperties = !this._showProperties;
    this.update();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    window.clearTimeout(this._copiedTimer);
    this._monitor?.changed.disconnect(this._onRevisionChanged, this);
    this._themeChanged?.disconnect(this._onThemeChanged, this);
    Signal.clearData(this);
    super.dispose();
  }

  protected render(): JSX.Element {
    const trans = this._trans;
    const properties = this._properties;
    const components = this.components;
    const input = this._input(components);
    const notes = this._notes(input);
    const points =
      input.dataType === 'summary'
        ? input.data.groups.some(group => group.items.length > 0)
        : input.data.groups.length > 0;
    const id = this.id || 'jp-experiments-chart';
    return (
      <div className="jp-ExperimentsChart-layout">
        <div className="jp-ExperimentsChart-main">
          <div
            className="jp-ExperimentsChart-toolbar"
            role="toolbar"
            aria-label={trans.__('Chart')}
          >
            {this._onCopyCode && (
              <button
                className="jp-ExperimentsChart-button"
                disabled={this._names.length === 0}
                title={trans.__(
                  'Copy Python code that draws this chart in a notebook'
                )}
                onClick={() => this.copyCode()}
              >
                {trans.__('Copy as notebook code')}
              </button>
            )}
            <span className="jp-ExperimentsChart-status" role="status">
              {this._copied
                ? trans.__('Code copied to the clipboard')
                : this._loading
                  ? trans.__('Loading…')
                  : ''}
            </span>
            <span className="jp-ExperimentsChart-spacer" />
            <button
              className="jp-ExperimentsChart-button"
              aria-pressed={this._showProperties}
              aria-label={trans.__('Chart properties')}
              title={trans.__('Chart properties: choose what the chart shows')}
              onClick={() => this.toggleProperties()}
            >
              ⚙
            </button>
          </div>
          {notes.length > 0 && (
            <ul className="jp-ExperimentsChart-notes" aria-live="polite">
              {notes.map(note => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
          <ChartView
            input={input}
            themeVersion={this._themeVersion}
            label={this._chartLabel()}
            emptyMessage={
              !this._loading && !points ? this._emptyMessage() : undefined
            }
            trans={trans}
          />
        </div>
        {this._showProperties && (
          <ChartProperties
            id={`${id}-properties`}
            properties={properties}
            options={this.options}
            xIsCategory={
              input.dataType === 'summary' && input.data.categories !== null
            }
            trans={trans}
            onChange={changes => void this.setProperties(changes)}
            onClose={() => this.toggleProperties()}
          />
        )}
      </div>
    );
  }

  /**
   * Prepare the data of the chart from what is loaded. The result is kept
   * while nothing changes, so the chart is not drawn again on every render.
   */
  private _input(components: ITrialComponent[]): ChartInput {
    const properties = this._properties;
    const key: [number, IChartProperties] = [this._dataVersion, properties];
    if (
      this._cachedInput &&
      this._cachedKey[0] === key[0] &&
      this._cachedKey[1] === key[1]
    ) {
      return this._cachedInput;
    }
    const input: ChartInput =
      properties.dataType === 'summary'
        ? {
            dataType: 'summary',
            data: summaryData(components, properties),
            properties
          }
        : {
            dataType: 'timeSeries',
            data: timeSeriesData(
              components.map(component => ({
                component,
                series: this._series.get(component.name) ?? null
              })),
              properties
            ),
            properties
          };
    this._cachedInput = input;
    this._cachedKey = key;
    return input;
  }

  /**
   * Return the notes that explain what the chart leaves out.
   */
  private _notes(input: ChartInput): string[] {
    const trans = this._trans;
    const notes: string[] = [];
    const failed = this._names.filter(name => this._errors.has(name));
    if (failed.length > 0) {
      notes.push(
        trans._n(
          '%1 trial component could not be loaded: %2',
          '%1 trial components could not be loaded: %2',
          failed.length,
          this._errors.get(failed[0])?.message ?? ''
        )
      );
    }
    if (this._seriesError) {
      notes.push(
        trans.__(
          'Some metric series could not be loaded: %1',
          this._seriesError.message
        )
      );
    }
    if (input.dataType === 'summary') {
      return [...notes, ...this._summaryNotes(input.data)];
    }
    return [...notes, ...this._timeSeriesNotes(input.data, input.properties)];
  }

  private _summaryNotes(data: ISummaryData): string[] {
    const trans = this._trans;
    const notes: string[] = [];
    const { missing, hiddenOnLog } = data;
    if (missing > 0) {
      notes.push(
        trans._n(
          '%1 component without values is not shown',
          '%1 components without values are not shown',
          missing
        )
      );
    }
    if (hiddenOnLog > 0) {
      notes.push(this._hiddenOnLogNote(hiddenOnLog));
    }
    return notes;
  }

  private _timeSeriesNotes(
    data: ITimeSeriesData,
    properties: IChartProperties
  ): string[] {
    const trans = this._trans;
    const notes: string[] = [];
    if (data.withoutMetric > 0) {
      notes.push(
        trans._n(
          '%1 component without points of this metric is not shown',
          '%1 components without points of this metric are not shown',
          data.withoutMetric
        )
      );
    }
    if (data.withoutX > 0) {
      notes.push(
        properties.xAxis === 'step'
          ? trans._n(
              '%1 point without a step is not shown',
              '%1 points without a step are not shown',
              data.withoutX
            )
          : trans._n(
              '%1 point without a time is not shown',
              '%1 points without a time are not shown',
              data.withoutX
            )
      );
    }
    if (data.nonFinite > 0) {
      notes.push(
        trans._n(
          '%1 NaN or infinite value is not shown',
          '%1 NaN or infinite values are not shown',
          data.nonFinite
        )
      );
    }
    if (data.hiddenOnLog > 0) {
      notes.push(this._hiddenOnLogNote(data.hiddenOnLog));
    }
    if (data.downsampled > 0) {
      notes.push(
        trans._n(
          '%1 series is reduced to about %2 points; the minimum and maximum of each stretch are kept',
          '%1 series are reduced to about %2 points each; the minimum and maximum of each stretch are kept',
          data.downsampled,
          this._budget
        )
      );
    }
    return notes;
  }

  private _hiddenOnLogNote(count: number): string {
    return this._trans._n(
      '%1 point with a value ≤ 0 is not shown on the log axis',
      '%1 points with values ≤ 0 are not shown on the log axis',
      count
    );
  }

  private _emptyMessage(): string {
    const trans = this._trans;
    if (this._names.length === 0) {
      return trans.__('Select trial components to chart.');
    }
    const options = this.options;
    if (this.components.length > 0 && options.metrics.length === 0) {
      return trans.__('The trial components have no metrics to chart.');
    }
    return trans.__('No points to draw.');
  }

  private _chartLabel(): string {
    const trans = this._trans;
    const properties = this._properties;
    if (properties.dataType === 'timeSeries') {
      return trans.__('Chart of %1 over time', properties.metric);
    }
    if (properties.chartType === 'histogram') {
      return trans.__('Histogram of %1', columnTitle(properties.x, trans));
    }
    return trans.__(
      'Chart of %1 against %2',
      columnTitle(properties.y, trans),
      columnTitle(properties.x, trans)
    );
  }

  /**
   * Start a load, or make the running one load again once it ends, so
   * that at most one request of each kind runs at a time.
   */
  private _schedule(): Promise<void> {
    this._pending = true;
    if (!this._running) {
      this._running = this._loop();
    }
    return this._running;
  }

  private async _loop(): Promise<void> {
    try {
      while (this._pending && !this.isDisposed) {
        this._pending = false;
        await this._loadOnce();
      }
    } finally {
      this._running = null;
    }
  }

  private async _loadOnce(): Promise<void> {
    const names = this._names;
    this._loading = true;
    this.update();
    if (this._componentsStale) {
      this._componentsStale = false;
      const results = await Promise.all(
        names.map(name =>
          this._client.getTrialComponent(name).then(
            component => ({ name, component, error: null }),
            (reason: unknown) => ({
              name,
              component: null,
              error: asError(reason)
            })
          )
        )
      );
      if (this.isDisposed) {
        return;
      }
      if (names !== this._names) {
        // The names changed meanwhile; the next pass fetches the new ones.
        this._componentsStale = true;
        return;
      }
      this._commitComponents(results);
    }

    if (this._needsSeries()) {
      const query = this._seriesQuery();
      const budget = pointBudget(this._plotWidth());
      this._seriesStale = false;
      const series = await this._fetchSeries(budget);
      if (this.isDisposed) {
        return;
      }
      if (names !== this._names || query !== this._seriesQuery()) {
        // The next pass fetches the series of the new names, metric or axis.
        this._seriesStale = true;
        return;
      }
      this._series = series.values;
      this._seriesError = series.error;
      this._loadedSeriesQuery = query;
      this._budget = budget;
      this._dataVersion++;
    }
    this._loading = false;
    this.update();
  }

  private _commitComponents(
    results: {
      name: string;
      component: ITrialComponent | null;
      error: Error | null;
    }[]
  ): void {
    const components = new Map<string, ITrialComponent>();
    const errors = new Map<string, Error>();
    for (const { name, component, error } of results) {
      if (component) {
        components.set(name, component);
        continue;
      }
      const deleted =
        error instanceof ExperimentsApiError && error.status === 404;
      // After a failure other than deletion the last values stay on screen.
      const previous = this._components.get(name);
      if (previous && !deleted) {
        components.set(name, previous);
      }
      if (error) {
        errors.set(name, error);
      }
    }
    this._components = components;
    this._errors = errors;
    this._dataVersion++;

    const filled = fillChartDefaults(
      this._properties,
      chartOptions(this.components)
    );
    if (
      filled.x !== this._properties.x ||
      filled.y !== this._properties.y ||
      filled.metric !== this._properties.metric
    ) {
      this._properties = filled;
      this._stateChanged.emit();
    }
  }

  /**
   * Fetch the metric of every loaded component that logged it, ordered and
   * downsampled along the chart's x axis.
   */
  private async _fetchSeries(
    budget: number
  ): Promise<{ values: Map<string, IMetricSeries>; error: Error | null }> {
    const { metric, xAxis } = this._properties;
    const options: IMetricSeriesOptions = { maxPoints: budget };
    if (xAxis !== 'step') {
      options.x = timeAxisParameter(xAxis);
    }
    const withMetric = this.components.filter(component =>
      component.metrics.some(summary => summary.metric_name === metric)
    );
    let error: Error | null = null;
    const results = await Promise.all(
      withMetric.map(component =>
        this._client.getMetricSeries(component.name, metric, options).then(
          series => ({ name: component.name, series }),
          (reason: unknown) => {
            error = asError(reason);
            return { name: component.name, series: null };
          }
        )
      )
    );
    const values = new Map<string, IMetricSeries>();
    for (const { name, series } of results) {
      if (series) {
        values.set(name, series);
      }
    }
    return { values, error };
  }

  /**
   * Tell whether the chart shows a metric series that is not loaded yet.
   */
  private _needsSeries(): boolean {
    return (
      this._properties.dataType === 'timeSeries' &&
      this._properties.metric !== '' &&
      (this._seriesStale || this._seriesQuery() !== this._loadedSeriesQuery)
    );
  }

  /**
   * Return what the series requests depend on: the metric and the x axis.
   */
  private _seriesQuery(): string {
    return JSON.stringify([this._properties.metric, this._properties.xAxis]);
  }

  private _plotWidth(): number {
    const plot = this.node.querySelector<HTMLElement>(
      '.jp-ExperimentsChart-plot'
    );
    return plot?.clientWidth ?? 0;
  }

  private _onRevisionChanged(): void {
    void this.load();
  }

  private _onThemeChanged(): void {
    // The theme's CSS variables apply after the signal, so read them on
    // the next frame.
    requestAnimationFrame(() => {
      if (!this.isDisposed) {
        this._themeVersion++;
        this.update();
      }
    });
  }

  private _client: IExperimentsClient;
  private _monitor: RevisionMonitor | null;
  private _themeChanged: ISignal<unknown, unknown> | null;
  private _onCopyCode: ((code: string) => void) | null;
  private _trans: TranslationBundle;
  private _names: string[];
  private _properties: IChartProperties;
  private _stateChanged = new Signal<this, void>(this);
  private _components = new Map<string, ITrialComponent>();
  private _errors = new Map<string, Error>();
  private _series = new Map<string, IMetricSeries>();
  private _seriesError: Error | null = null;
  private _loadedSeriesQuery = '';
  private _budget = 0;
  private _componentsStale = true;
  private _seriesStale = true;
  private _loading = true;
  private _pending = false;
  private _running: Promise<void> | null = null;
  private _dataVersion = 0;
  private _cachedInput: ChartInput | null = null;
  private _cachedKey: [number, IChartProperties | null] = [-1, null];
  private _themeVersion = 0;
  private _showProperties = true;
  private _copied = false;
  private _copiedTimer = 0;
}

/**
 * An "Add chart" tab of the main area: a chart of trial components with
 * the CHART PROPERTIES pane beside it.
 */
export class ChartWidget extends MainAreaWidget<ChartContent> {
  /**
   * Create the tab and start loading the components.
   */
  constructor(options: ChartWidget.IOptions) {
    const content = new ChartContent(options);
    super({ content });
    this._trans = options.translator.load('jupyterlab_experiments');
    // A restored tab keeps its id, which names it in the saved layout.
    this.id = parseChartWidgetId(options.id) ?? newChartWidgetId();
    content.id = `${this.id}-content`;
    // MainAreaWidget labels its content generically; name the chart instead.
    content.node.setAttribute('role', 'region');
    this.addClass('jp-ExperimentsChartWidget');
    this.title.icon = experimentsIcon;
    this.title.closable = true;
    this._syncTitle();
    content.stateChanged.connect(this._syncTitle, this);
    void content.load();
    // Plotly's bundle takes most of a second to evaluate, so it loads while
    // the data is fetched. A failure shows when the chart draws.
    loadPlotly().catch(() => undefined);
  }

  /** Names of the charted trial components, without repeats, in order. */
  get names(): readonly string[] {
    return this.content.names;
  }

  /** The chart's settings, for restoring the layout. */
  get properties(): IChartProperties {
    return this.content.properties;
  }

  /** Emitted when the names or the properties change, to save the layout. */
  get stateChanged(): ISignal<ChartContent, void> {
    return this.content.stateChanged;
  }

  /**
   * Chart other trial components, keeping the properties.
   */
  setNames(names: readonly string[]): Promise<void> {
    return this.content.setNames(names);
  }

  private _syncTitle(): void {
    const trans = this._trans;
    const names = this.content.names;
    this.title.label = trans.__('Chart (%1)', names.length);
    this.title.caption = trans.__(
      'Chart of trial components %1',
      names.join(', ')
    );
    this.content.node.setAttribute('aria-label', this.title.caption);
  }

  private _trans: TranslationBundle;
}

/**
 * A namespace for `ChartWidget` statics.
 */
export namespace ChartWidget {
  /**
   * Options of the chart tab and its content.
   */
  export interface IOptions {
    client: IExperimentsClient;
    /** Source of store revisions; the chart reloads when it changes. */
    monitor?: RevisionMonitor;
    translator: ITranslator;
    /**
     * Widget id of a restored tab, as saved in the layout; a new chart gets
     * a new unique id.
     */
    id?: string;
    /** Names of the trial components to chart. */
    names: readonly string[];
    /**
     * Settings to start with, such as restored ones; the others are
     * chosen from the data.
     */
    properties?: Partial<IChartProperties>;
    /** `IThemeManager.themeChanged`; the chart redraws in the new colours. */
    themeChanged?: ISignal<unknown, unknown>;
    /**
     * Called with the notebook code of the chart; without it the "Copy as
     * notebook code" button is hidden.
     */
    onCopyCode?: (code: string) => void;
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
