import { MainAreaWidget } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import React from 'react';
import { ExperimentsApiError } from '../api/errors';
import type { ITrialComponent } from '../api/types';
import { CompareView, type ICompareColumn } from '../components/CompareView';
import { experimentsIcon } from '../icons';
import { compareWidgetId } from '../model/compare';
import type { RevisionMonitor } from '../model/revision';
import type { IExperimentsClient } from '../tokens';

export { compareWidgetId };

/**
 * Content of the "Compare" tab: fetches the compared trial components and
 * fetches them again whenever the store revision changes.
 */
export class CompareContent extends ReactWidget {
  /**
   * Create the content. Call `load()` to fetch the components.
   */
  constructor(options: CompareWidget.IOptions) {
    super();
    this.names = [...new Set(options.names)];
    this._client = options.client;
    this._trans = options.trans;
    this._revision = options.revision ?? null;
    this._columns = this.names.map(name => ({
      name,
      component: null,
      error: null
    }));
    this.addClass('jp-ExperimentsCompare');
    this._revision?.changed.connect(this._onRevisionChanged, this);
  }

  /** Names of the compared trial components, without repeats, in order. */
  readonly names: readonly string[];

  /** State of each compared component, in column order. */
  get columns(): readonly ICompareColumn[] {
    return this._columns;
  }

  /** Whether the first request for the components is still running. */
  get loading(): boolean {
    return this._loading;
  }

  /**
   * Fetch every component in parallel and show the result.
   *
   * A component whose request fails keeps its column. A deleted one (404)
   * loses its values, and after any other error the last values stay on
   * screen next to the error.
   */
  async load(): Promise<void> {
    const generation = ++this._generation;
    const results = await Promise.all(
      this.names.map(name =>
        this._client.getTrialComponent(name).then(
          component => ({ component, error: null }),
          (reason: unknown) => ({ component: null, error: asError(reason) })
        )
      )
    );
    // A newer request started while this one ran, so its result is stale.
    if (this.isDisposed || generation !== this._generation) {
      return;
    }
    this._columns = results.map((result, index) =>
      this._nextColumn(this._columns[index], result)
    );
    this._loading = false;
    this.update();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._revision?.changed.disconnect(this._onRevisionChanged, this);
    super.dispose();
  }

  protected render(): JSX.Element {
    return (
      <CompareView
        columns={this._columns}
        loading={this._loading}
        trans={this._trans}
      />
    );
  }

  private _nextColumn(
    previous: ICompareColumn,
    result: { component: ITrialComponent | null; error: Error | null }
  ): ICompareColumn {
    if (result.component) {
      return { name: previous.name, component: result.component, error: null };
    }
    const deleted =
      result.error instanceof ExperimentsApiError &&
      result.error.status === 404;
    return {
      name: previous.name,
      component: deleted ? null : previous.component,
      error: result.error
    };
  }

  private _onRevisionChanged(): void {
    void this.load();
  }

  private _client: IExperimentsClient;
  private _trans: TranslationBundle;
  private _revision: RevisionMonitor | null;
  private _columns: ICompareColumn[];
  private _loading = true;
  private _generation = 0;
}

/**
 * The "Compare" tab of the main area.
 */
export class CompareWidget extends MainAreaWidget<CompareContent> {
  /**
   * Create the tab and start loading the components.
   */
  constructor(options: CompareWidget.IOptions) {
    const content = new CompareContent(options);
    super({ content });
    const trans = options.trans;
    const names = content.names.join(', ');
    this.id = compareWidgetId(content.names);
    content.id = `${this.id}-content`;
    // MainAreaWidget labels its content generically, so name the components.
    content.node.setAttribute('role', 'region');
    content.node.setAttribute(
      'aria-label',
      trans.__('Comparison of trial components %1', names)
    );
    this.addClass('jp-ExperimentsCompareWidget');
    this.title.icon = experimentsIcon;
    this.title.closable = true;
    this.title.label = trans.__('Compare (%1)', content.names.length);
    this.title.caption = names;
    void content.load();
  }

  /** Names of the compared trial components, without repeats, in order. */
  get names(): readonly string[] {
    return this.content.names;
  }
}

/**
 * A namespace for `CompareWidget` statics.
 */
export namespace CompareWidget {
  /**
   * Options of the compare tab and its content.
   */
  export interface IOptions {
    client: IExperimentsClient;
    /** Names of the trial components to compare, in column order. */
    names: readonly string[];
    trans: TranslationBundle;
    /** Source of store revisions; the tab reloads when it changes. */
    revision?: RevisionMonitor;
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
