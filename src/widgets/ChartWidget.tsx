import { MainAreaWidget } from '@jupyterlab/apputils';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import type { ISignal } from '@lumino/signaling';
import { loadPlotly } from '../components/plotly';
import { experimentsIcon } from '../icons';
import type { IChartProperties } from '../model/chart';
import type { RevisionMonitor } from '../model/revision';
import type { IExperimentsClient } from '../tokens';
import { ChartContent } from './ChartContent';
import { newChartWidgetId, parseChartWidgetId } from './chartWidgetId';

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
    // Plotly's bundle takes longer to load and evaluate than the data takes
    // to arrive, so it is requested first: the browser opens only a few
    // connections to the server, and the data requests would queue ahead
    // of it. A failure shows when the chart draws.
    loadPlotly().catch(() => undefined);
    void content.load();
  }

  /**
   * Names of the charted trial components in order, without repeats in
   * any letter case.
   */
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
