import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { type ISignal, Signal } from '@lumino/signaling';
import React from 'react';
import type { IMetricSeries, ITrialComponent } from '../api/types';
import { ChartProperties } from '../components/ChartProperties';
import {
  type ChartInput,
  ChartView,
  type RelayoutHandler
} from '../components/ChartView';
import {
  chartOptions,
  DEFAULT_CHART_PROPERTIES,
  fillChartDefaults,
  type IChartOptions,
  type IChartProperties,
  type IComponentSeries,
  parseChartProperties,
  summaryData,
  timeSeriesData,
  updateChartProperties
} from '../model/chart';
import { pointBudget } from '../model/pointBudget';
import {
  fetchChartSeries,
  type ISeriesRequest,
  type ISeriesResult
} from '../model/chartSeries';
import { chartLabel, chartNotes, emptyMessage } from '../components/chartNotes';
import {
  fetchComponents,
  type IComponentResult,
  uniqueNames
} from '../model/chartComponents';
import {
  codeRange,
  type IZoomRange,
  type IZoomTicket,
  viewRevision,
  yRangeChange,
  zoomAction,
  ZoomController,
  zoomRequests
} from '../model/chartZoom';
import { seriesTimeOrigin } from '../model/metricPoints';
import { notebookCode, sharedExperimentNames } from '../model/chartCode';
import type { RevisionMonitor } from '../model/revision';
import type { IExperimentsClient } from '../tokens';

import type { ChartWidget } from './ChartWidget';

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
    this._names = uniqueNames(options.names);
    this._properties = updateChartProperties(
      DEFAULT_CHART_PROPERTIES,
      parseChartProperties(options.properties ?? {})
    );
    this.addClass('jp-ExperimentsChart');
    this._monitor?.changed.connect(this._onRevisionChanged, this);
    this._themeChanged?.connect(this._onThemeChanged, this);
  }

  /**
   * Names of the charted trial components in order, without repeats in
   * any letter case.
   */
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
    const unique = uniqueNames(names);
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
    const revision = viewRevision(this._properties);
    this._properties = updateChartProperties(this._properties, changes);
    // Plotly draws other axes from their automatic ranges, so the zoom ends.
    if (viewRevision(this._properties) !== revision) {
      this._resetZoom();
    }
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
      sharedExperimentNames(this.components),
      codeRange(this._zoom.range, properties)
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
    this._zoom.dispose();
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
            label={chartLabel(properties, trans)}
            emptyMessage={
              !this._loading && !points
                ? emptyMessage(
                    this._names.length,
                    components.length,
                    this.options.metrics.length,
                    trans
                  )
                : undefined
            }
            onRelayout={this._onRelayout}
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
    const zoom = this._zoom.range;
    const key: [number, IChartProperties, IZoomRange | null] = [
      this._dataVersion,
      properties,
      zoom
    ];
    if (
      this._cachedInput &&
      key.every((item, index) => item === this._cachedKey[index])
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
              components.map(component => this._drawnSeries(component)),
              properties
            ),
            properties,
            xRange: zoom?.plot ?? null,
            yRange: this._yRange
          };
    this._cachedInput = input;
    this._cachedKey = key;
    return input;
  }

  /**
   * Return the series to draw of a component: the points of the zoomed
   * range when they were fetched, else the whole series.
   */
  private _drawnSeries(component: ITrialComponent): IComponentSeries {
    const whole = this._series.get(component.name) ?? null;
    const zoomed = this._zoom.range
      ? this._zoomed.get(component.name)
      : undefined;
    if (!whole || !zoomed) {
      return { component, series: whole };
    }
    // Relative times count from the first point of the whole series.
    return {
      component,
      series: zoomed,
      origin: seriesTimeOrigin(whole.points)
    };
  }

  /**
   * Return the notes that explain what the chart leaves out.
   */
  private _notes(input: ChartInput): string[] {
    const failed = this._names.filter(name => this._errors.has(name));
    return chartNotes(input, this._trans, {
      failedComponents: failed.length,
      componentError: this._errors.get(failed[0] ?? '') ?? null,
      seriesError: this._seriesError ?? this._zoomError,
      budget:
        this._zoom.range !== null && this._zoomed.size > 0
          ? this._zoomBudget
          : this._budget
    });
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
      const results = await fetchComponents(this._client, names);
      if (this.isDisposed) {
        return;
      }
      if (names !== this._names) {
        // The names changed meanwhile; the next pass fetches the new ones.
        this._componentsStale = true;
        this._seriesStale = true;
        return;
      }
      this._commitComponents(results);
    }

    // The series wait for the components, which tell which of them logged
    // the metric, and for the plot, whose width sets the point budget.
    if (this._needsSeries()) {
      const load = await this._fetchAllSeries(this._withMetric());
      if (this.isDisposed) {
        return;
      }
      if (names !== this._names || load.query !== this._seriesQuery()) {
        // The next pass fetches the series of the new names, metric or axis.
        this._seriesStale = true;
        return;
      }
      this._series = load.series.values;
      this._seriesError = load.series.error;
      this._loadedSeriesQuery = load.query;
      this._budget = load.budget;
      this._zoomBudget = load.zoomBudget;
      // After a later zoom or a reset these points are stale, and the later
      // zoom fetches its own.
      if (load.zoomed && load.ticket?.current()) {
        this._zoomed = load.zoomed.values;
        this._zoomError = load.zoomed.error;
      }
      this._dataVersion++;
    }
    this._loading = false;
    this.update();
  }

  /**
   * Fetch the metric series of the named components, and the zoomed range
   * of those the server downsampled, for the current properties.
   */
  private async _fetchAllSeries(names: readonly string[]): Promise<{
    query: string;
    budget: number;
    zoomBudget: number;
    ticket: IZoomTicket | null;
    series: ISeriesResult;
    zoomed: ISeriesResult | null;
  }> {
    const query = this._seriesQuery();
    const budget = pointBudget(this._plotWidth());
    const zoomBudget = pointBudget(this._plotWidth(), true);
    // A zoom stays when the data reloads, so its range is fetched again.
    const ticket = this._zoom.start();
    this._seriesStale = false;
    const series = await this._fetchSeries(
      names.map(name => ({ name })),
      budget
    );
    const zoomed =
      ticket && !this.isDisposed
        ? await this._fetchZoomed(ticket.range, series.values, zoomBudget)
        : null;
    return { query, budget, zoomBudget, ticket, series, zoomed };
  }

  /**
   * Return the names of the loaded components that logged the chart's metric.
   */
  private _withMetric(): string[] {
    const metric = this._properties.metric;
    return this.components
      .filter(component =>
        component.metrics.some(summary => summary.metric_name === metric)
      )
      .map(component => component.name);
  }

  private _commitComponents(results: IComponentResult[]): void {
    const components = new Map<string, ITrialComponent>();
    const errors = new Map<string, Error>();
    for (const { name, component, error, missing } of results) {
      if (component) {
        components.set(name, component);
        continue;
      }
      // After a failure other than deletion the last values stay on screen.
      const previous = this._components.get(name);
      if (previous && !missing) {
        components.set(name, previous);
      }
      if (error) {
        errors.set(name, error);
      } else if (missing) {
        errors.set(
          name,
          new Error(this._trans.__('Trial component %1 was not found', name))
        );
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
   * Fetch the points in a zoomed range of the series that the server
   * downsampled.
   */
  private _fetchZoomed(
    range: IZoomRange,
    whole: Map<string, IMetricSeries>,
    budget: number
  ): Promise<ISeriesResult> {
    const requests = zoomRequests(range, whole, this._properties.xAxis);
    return this._fetchSeries(requests, budget);
  }

  /**
   * Fetch the chart's metric along its x axis for each request.
   */
  private _fetchSeries(
    requests: readonly ISeriesRequest[],
    budget: number
  ): Promise<ISeriesResult> {
    const { metric, xAxis } = this._properties;
    return fetchChartSeries(
      this._client,
      metric,
      xAxis,
      requests,
      budget,
      this._logX()
    );
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
   * Return what the series requests depend on: the metric, the x axis and
   * whether it is logarithmic.
   */
  private _seriesQuery(): string {
    return JSON.stringify([
      this._properties.metric,
      this._properties.xAxis,
      this._logX()
    ]);
  }

  /**
   * Tell whether the series are drawn on a log x axis, which wall times
   * never are, so that the server spreads their points over its decades.
   */
  private _logX(): boolean {
    return this._properties.logX && this._properties.xAxis !== 'wallTime';
  }

  private _plotWidth(): number {
    const plot = this.node.querySelector<HTMLElement>(
      '.jp-ExperimentsChart-plot'
    );
    return plot?.clientWidth ?? 0;
  }

  /**
   * Fetch the points of a zoom that has settled, and draw them unless a
   * later zoom, reset or reload has made them stale.
   */
  private async _loadZoomed(ticket: IZoomTicket): Promise<void> {
    if (this._running) {
      // The series being loaded may belong to another metric or axis than
      // the loaded ones, which tell what to fetch. A further pass of the
      // load fetches the range together with the new series.
      this._seriesStale = true;
      void this._schedule();
      return;
    }
    const budget = pointBudget(this._plotWidth(), true);
    const zoomed = await this._fetchZoomed(ticket.range, this._series, budget);
    if (this.isDisposed || !ticket.current()) {
      return;
    }
    this._zoomBudget = budget;
    const unchanged =
      zoomed.values.size === 0 &&
      this._zoomed.size === 0 &&
      zoomed.error === null &&
      this._zoomError === null;
    if (unchanged) {
      // No series was downsampled, so plotly's zoom shows every point.
      return;
    }
    this._zoomed = zoomed.values;
    this._zoomError = zoomed.error;
    this._dataVersion++;
    this.update();
  }

  /**
   * Go back to the whole series, which are loaded already.
   */
  private _resetZoom(): void {
    const zoomed = this._zoom.range !== null;
    this._zoom.reset();
    this._yRange = null;
    if (!zoomed) {
      return;
    }
    this._zoomed = new Map();
    this._zoomError = null;
    this._dataVersion++;
    this.update();
  }

  /**
   * Follow plotly's zooms of a time series chart: the x range sets the
   * points to fetch, and the y range is kept for the drawing.
   */
  private _onRelayout: RelayoutHandler = (event, xaxis, yaxis) => {
    const drawn = this._cachedInput;
    // An event from a chart drawn with other axes would be read in the
    // wrong units. That chart is drawn again from its automatic ranges.
    if (
      drawn?.dataType !== 'timeSeries' ||
      viewRevision(drawn.properties) !== viewRevision(this._properties)
    ) {
      return;
    }
    // Plotly shows the y range already; it is kept to draw the points of
    // the zoomed x range within it.
    const y = yRangeChange(event, yaxis);
    if (y !== null) {
      this._yRange = y === 'auto' ? null : y;
    }
    const action = zoomAction(event, xaxis, this._properties);
    if (action?.kind === 'reset') {
      this._resetZoom();
    } else if (action?.kind === 'zoom') {
      this._zoom.zoom(action.range);
    }
  };

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
  private _zoom = new ZoomController({
    onSettle: ticket => void this._loadZoomed(ticket)
  });
  /** Points of the zoomed range, of the series that were downsampled. */
  private _zoomed = new Map<string, IMetricSeries>();
  private _zoomError: Error | null = null;
  /** The y range of the last box zoom or y axis drag, in plotly's units. */
  private _yRange: [number, number] | null = null;
  private _loadedSeriesQuery = '';
  private _budget = 0;
  private _zoomBudget = 0;
  private _componentsStale = true;
  private _seriesStale = true;
  private _loading = true;
  private _pending = false;
  private _running: Promise<void> | null = null;
  private _dataVersion = 0;
  private _cachedInput: ChartInput | null = null;
  private _cachedKey: [number, IChartProperties | null, IZoomRange | null] = [
    -1,
    null,
    null
  ];
  private _themeVersion = 0;
  private _showProperties = true;
  private _copied = false;
  private _copiedTimer = 0;
}
