import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import React from 'react';
import { ServerExtensionMissingError } from '../api/errors';
import { BrowserToolbar } from '../components/BrowserToolbar';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { columnsFor } from '../components/columns';
import { ItemList } from '../components/ItemList';
import type { ExperimentsBrowserModel } from '../model/browser';
import type { BrowserItem, BrowserLocation } from '../model/location';
import type { RevisionMonitor } from '../model/revision';
import { experimentsIcon } from '../icons';

/**
 * The Experiments panel of the left sidebar: experiments, then trials,
 * then trial components, with breadcrumbs, search and live updates.
 */
export class ExperimentsSidebar extends ReactWidget {
  /**
   * Create the panel. The caller adds it to the shell.
   */
  constructor(options: ExperimentsSidebar.IOptions) {
    super();
    this.model = options.model;
    this._monitor = options.monitor ?? null;
    this._trans = options.translator.load('jupyterlab_experiments');
    this._onDescribe = options.onDescribe;
    this._onDelete = options.onDelete;

    this.id = 'jp-experiments-sidebar';
    this.addClass('jp-ExperimentsSidebar');
    this.title.icon = experimentsIcon;
    this.title.caption = this._trans.__('Experiments');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', this._trans.__('Experiments'));
  }

  /** The model shown by the panel. */
  readonly model: ExperimentsBrowserModel;

  /**
   * Move the keyboard focus to the list.
   */
  focusList(): void {
    this.node.querySelector<HTMLElement>('[role="grid"]')?.focus();
  }

  protected onActivateRequest(): void {
    this.focusList();
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed}>
        {() => (
          <UseSignal signal={this.model.selection.changed}>
            {() => this._renderPanel()}
          </UseSignal>
        )}
      </UseSignal>
    );
  }

  private _renderPanel(): JSX.Element {
    const model = this.model;
    const trans = this._trans;
    const location = model.location;
    return (
      <>
        <div className="jp-ExperimentsSidebar-header">
          <h2 className="jp-ExperimentsSidebar-title">
            {trans.__('Experiments')}
          </h2>
        </div>
        <BrowserToolbar
          search={model.search}
          searchPlaceholder={searchPlaceholder(location, trans)}
          canGoUp={location.kind !== 'home'}
          trans={trans}
          onSearch={text => {
            model.search = text;
          }}
          onRefresh={() => void model.refresh()}
          onUp={() => void model.up()}
        />
        <Breadcrumbs
          location={location}
          trans={trans}
          onNavigate={target => {
            void model.navigate(target).then(() => this.focusList());
          }}
        />
        {this._monitor && (
          <UseSignal signal={this._monitor.errorChanged}>
            {() => this._renderConnectionError()}
          </UseSignal>
        )}
        {model.error && (
          <div className="jp-ExperimentsSidebar-error" role="alert">
            {errorMessage(model.error, trans)}
          </div>
        )}
        <ItemList
          id={this.id}
          label={listLabel(location, trans)}
          columns={columnsFor(location, trans)}
          items={model.items}
          selected={model.selection.selected}
          focus={model.selection.focus}
          scrollKey={locationKey(location)}
          hasMore={model.hasMore}
          loading={model.loading}
          emptyMessage={
            model.error
              ? ''
              : model.search
                ? trans.__('Nothing matches "%1".', model.search)
                : emptyMessage(location, trans)
          }
          trans={trans}
          onSelect={(key, mode) =>
            model.selection.select(key, mode, model.keys)
          }
          onSelectAll={() => model.selection.selectAll(model.keys)}
          onOpen={item => this._open(item)}
          onUp={() => void model.up()}
          onDelete={() => this._onDelete()}
          onLoadMore={() => void model.loadMore()}
        />
        <div className="jp-ExperimentsSidebar-status" aria-live="polite">
          {this._statusText()}
        </div>
      </>
    );
  }

  private _renderConnectionError(): JSX.Element | null {
    const error = this._monitor?.error;
    if (!error) {
      return null;
    }
    // The list error already shows this message; avoid saying it twice.
    if (
      error instanceof ServerExtensionMissingError &&
      this.model.error instanceof ServerExtensionMissingError
    ) {
      return null;
    }
    return (
      <div className="jp-ExperimentsSidebar-error" role="alert">
        {error instanceof ServerExtensionMissingError
          ? error.message
          : this._trans.__(
              'Live updates are paused because the server did not respond: %1',
              error.message
            )}
      </div>
    );
  }

  private _statusText(): string {
    const model = this.model;
    const trans = this._trans;
    if (model.loading && model.items.length === 0) {
      return trans.__('Loading…');
    }
    const selected = model.selection.selected.size;
    const recordCount = model.items.filter(
      item => item.kind !== 'unassigned'
    ).length;
    const counts = model.hasMore
      ? trans.__('%1 of %2 loaded', recordCount, model.totalCount)
      : trans._n('%1 item', '%1 items', recordCount);
    return selected > 0
      ? trans.__('%1, %2 selected', counts, selected)
      : counts;
  }

  private _open(item: BrowserItem): void {
    void this.model.open(item).then(opened => {
      if (!opened && item.kind === 'trialComponent') {
        this._onDescribe(item.trialComponent.name);
      }
    });
  }

  private _monitor: RevisionMonitor | null;
  private _trans: TranslationBundle;
  private _onDescribe: (name: string) => void;
  private _onDelete: () => void;
}

/**
 * A namespace for `ExperimentsSidebar` statics.
 */
export namespace ExperimentsSidebar {
  /**
   * Options of the panel constructor.
   */
  export interface IOptions {
    model: ExperimentsBrowserModel;
    /** Source of connection errors shown above the list. */
    monitor?: RevisionMonitor;
    translator: ITranslator;
    /** Called to open the describe view of a trial component. */
    onDescribe: (name: string) => void;
    /** Called when the user asks to delete the selected rows. */
    onDelete: () => void;
  }
}

/**
 * Return a string that identifies a level, to tell levels apart.
 */
export function locationKey(location: BrowserLocation): string {
  switch (location.kind) {
    case 'home':
    case 'unassigned':
      return location.kind;
    case 'experiment':
      return `experiment/${location.experiment.name}`;
    case 'trial':
      return `trial/${location.experiment.name}/${location.trial.name}`;
  }
}

function listLabel(
  location: BrowserLocation,
  trans: TranslationBundle
): string {
  switch (location.kind) {
    case 'home':
      return trans.__('Experiments');
    case 'unassigned':
      return trans.__('Unassigned trial components');
    case 'experiment':
      return trans.__('Trials of experiment %1', location.experiment.label);
    case 'trial':
      return trans.__('Trial components of trial %1', location.trial.label);
  }
}

function searchPlaceholder(
  location: BrowserLocation,
  trans: TranslationBundle
): string {
  switch (location.kind) {
    case 'home':
      return trans.__('Search experiments');
    case 'experiment':
      return trans.__('Search trials');
    case 'trial':
    case 'unassigned':
      return trans.__('Search trial components');
  }
}

function emptyMessage(
  location: BrowserLocation,
  trans: TranslationBundle
): string {
  switch (location.kind) {
    case 'home':
      return trans.__('No experiments yet.');
    case 'experiment':
      return trans.__('This experiment has no trials.');
    case 'trial':
      return trans.__('This trial has no trial components.');
    case 'unassigned':
      return trans.__('Every trial component belongs to a trial.');
  }
}

function errorMessage(error: Error, trans: TranslationBundle): string {
  if (error instanceof ServerExtensionMissingError) {
    return error.message;
  }
  return trans.__('Could not load the list: %1', error.message);
}
