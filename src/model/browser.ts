import type { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';
import { type ISignal, Signal } from '@lumino/signaling';
import type { IDeleteOptions, IExperimentsClient, IPage } from '../tokens';
import { displayName } from './format';
import {
  type BrowserItem,
  type BrowserLocation,
  keyInParent,
  parentLocation,
  sameLocation,
  UNASSIGNED_KEY
} from './location';
import type { RevisionMonitor } from './revision';
import { SelectionModel } from './selection';

/**
 * Outcome of deleting one row.
 */
export interface IDeleteResult {
  item: BrowserItem;
  /** The error raised by the server, or `null` when the row was deleted. */
  error: Error | null;
}

/**
 * State of the experiments browser: the current level, its rows, the
 * search text and the selection. Reloads its rows when the store revision
 * changes, keeping the selected rows selected.
 */
export class ExperimentsBrowserModel implements IDisposable {
  /**
   * Create a model showing the home level. Call `navigate` or `refresh`
   * to load rows.
   */
  constructor(options: ExperimentsBrowserModel.IOptions) {
    this._client = options.client;
    this._monitor = options.monitor ?? null;
    this._pageSize = options.pageSize ?? ExperimentsBrowserModel.PAGE_SIZE;
    this._unassignedLabel = options.unassignedLabel;
    this._searchDebouncer = new Debouncer(
      () => this._reload('navigate'),
      options.searchDelay ?? 250
    );
    this._monitor?.changed.connect(this._onRevisionChanged, this);
  }

  /** Rows requested per page; the server allows at most 100. */
  static readonly PAGE_SIZE = 100;

  /** Emitted after any change of the rows, level, loading or error state. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Emitted when the level changes. */
  get locationChanged(): ISignal<this, BrowserLocation> {
    return this._locationChanged;
  }

  /** Selection of rows, by key. */
  get selection(): SelectionModel {
    return this._selection;
  }

  /** The current level. */
  get location(): BrowserLocation {
    return this._location;
  }

  /** Rows of the current level loaded so far, in display order. */
  get items(): readonly BrowserItem[] {
    return this._items;
  }

  /** Number of records at this level over all pages, as the server counts them. */
  get totalCount(): number {
    return this._totalCount;
  }

  /** Whether more pages can be loaded with `loadMore()`. */
  get hasMore(): boolean {
    return this._nextToken !== null;
  }

  /** Whether a request for rows is in flight. */
  get loading(): boolean {
    return this._loading;
  }

  /** Error of the last request for rows, or `null`. */
  get error(): Error | null {
    return this._error;
  }

  /** Text that the rows' names must contain. */
  get search(): string {
    return this._search;
  }
  set search(value: string) {
    if (value === this._search) {
      return;
    }
    this._search = value;
    this._changed.emit();
    // Wait until the user stops typing so that each key press does not send a request.
    void this._searchDebouncer.invoke();
  }

  /** Rows that are selected, in display order. */
  get selectedItems(): BrowserItem[] {
    return this._items.filter(item => this._selection.has(item.key));
  }

  /** The row with the keyboard focus, if any. */
  get focusedItem(): BrowserItem | null {
    const key = this._selection.focus;
    return this._items.find(item => item.key === key) ?? null;
  }

  /** Keys of the loaded rows, in display order. */
  get keys(): string[] {
    return this._items.map(item => item.key);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Show another level. Clears the search text and the selection.
   */
  async navigate(location: BrowserLocation): Promise<void> {
    const changed = !sameLocation(location, this._location);
    this._location = location;
    this._search = '';
    void this._searchDebouncer.stop();
    this._selection.clear();
    if (changed) {
      this._locationChanged.emit(location);
    }
    await this._reload('navigate');
  }

  /**
   * Go to the level above and select the row that leads back down.
   */
  async up(): Promise<void> {
    const parent = parentLocation(this._location);
    if (!parent) {
      return;
    }
    const childKey = keyInParent(this._location);
    await this.navigate(parent);
    if (childKey !== null && this._items.some(item => item.key === childKey)) {
      this._selection.select(childKey, 'replace', this.keys);
    }
  }

  /**
   * Open a row: show an experiment's trials, a trial's components or the
   * unassigned components. Trial components have no level below, so
   * opening one returns `false` and leaves describing it to the caller.
   */
  async open(item: BrowserItem): Promise<boolean> {
    switch (item.kind) {
      case 'unassigned':
        await this.navigate({ kind: 'unassigned' });
        return true;
      case 'experiment':
        await this.navigate({
          kind: 'experiment',
          experiment: {
            name: item.experiment.name,
            label: displayName(item.experiment)
          }
        });
        return true;
      case 'trial': {
        const experiment =
          this._location.kind === 'experiment'
            ? this._location.experiment
            : {
                name: item.trial.experiment_name,
                label: item.trial.experiment_name
              };
        await this.navigate({
          kind: 'trial',
          experiment,
          trial: { name: item.trial.name, label: displayName(item.trial) }
        });
        return true;
      }
      case 'trialComponent':
        return false;
    }
  }

  /**
   * Reload the rows of the current level, as many as are loaded now, and
   * keep the selection of rows that still exist.
   */
  refresh(): Promise<void> {
    return this._reload('refresh');
  }

  /**
   * Load the next page of rows, if there is one.
   */
  async loadMore(): Promise<void> {
    if (this._nextToken === null || this._loading) {
      return;
    }
    const generation = this._generation;
    this._setLoading(true);
    try {
      const page = await this._fetchPage(this._nextToken);
      if (generation !== this._generation) {
        return;
      }
      const known = new Set(this.keys);
      // Rows created between two page requests can shift later rows onto
      // the next page; skip the ones already shown.
      const fresh = page.items.filter(item => !known.has(item.key));
      this._items = [...this._items, ...fresh];
      this._nextToken = page.nextToken;
      this._totalCount = page.totalCount ?? this._totalCount;
      this._error = null;
    } catch (error) {
      if (generation === this._generation) {
        this._error = error as Error;
      }
    } finally {
      if (generation === this._generation) {
        this._setLoading(false);
      }
    }
  }

  /**
   * Delete rows, one request each, then reload.
   *
   * @returns One result per row, with the server's error for the rows
   * that could not be deleted (for example a 409 while trials are attached).
   */
  async deleteItems(
    items: readonly BrowserItem[],
    options: IDeleteOptions = {}
  ): Promise<IDeleteResult[]> {
    const results: IDeleteResult[] = [];
    for (const item of items) {
      try {
        await this._deleteItem(item, options);
        results.push({ item, error: null });
      } catch (error) {
        results.push({ item, error: error as Error });
      }
    }
    await this.refresh();
    return results;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._searchDebouncer.dispose();
    this._monitor?.changed.disconnect(this._onRevisionChanged, this);
    this._selection.dispose();
    Signal.clearData(this);
  }

  private async _deleteItem(
    item: BrowserItem,
    options: IDeleteOptions
  ): Promise<void> {
    switch (item.kind) {
      case 'experiment':
        return this._client.deleteExperiment(item.experiment.name, options);
      case 'trial':
        return this._client.deleteTrial(item.trial.name, options);
      case 'trialComponent':
        return this._client.deleteTrialComponent(
          item.trialComponent.name,
          options
        );
      case 'unassigned':
        // The entry is a view, not a record; callers never offer to delete it.
        return;
    }
  }

  private _onRevisionChanged(): void {
    if (this._loading) {
      // A reload is running; it may have read the store before this write.
      this._staleWhileLoading = true;
      return;
    }
    void this.refresh();
  }

  /**
   * Load rows for the current level and search text.
   *
   * `navigate` loads the first page. `refresh` loads pages until it has at
   * least as many rows as before, so a live update does not shrink a list
   * that the user has scrolled down.
   */
  private async _reload(reason: 'navigate' | 'refresh'): Promise<void> {
    const generation = ++this._generation;
    const minimumCount =
      reason === 'refresh'
        ? this._items.filter(item => item.kind !== 'unassigned').length
        : 0;
    this._staleWhileLoading = false;
    if (reason === 'navigate') {
      this._items = [];
      this._nextToken = null;
      this._totalCount = 0;
    }
    this._setLoading(true);

    try {
      let page = await this._fetchPage(null);
      let items = page.items;
      while (page.nextToken !== null && items.length < minimumCount) {
        page = await this._fetchPage(page.nextToken);
        const known = new Set(items.map(item => item.key));
        items = items.concat(page.items.filter(item => !known.has(item.key)));
      }
      if (generation !== this._generation) {
        return;
      }
      this._items = this._withUnassignedEntry(items);
      this._nextToken = page.nextToken;
      this._totalCount = page.totalCount ?? this._totalCount;
      this._error = null;
      this._selection.retain(this.keys);
    } catch (error) {
      if (generation !== this._generation) {
        return;
      }
      // Keep the rows already shown on a failed live update; the error is
      // shown beside them.
      this._error = error as Error;
    }

    this._setLoading(false);
    if (this._staleWhileLoading && !this._isDisposed) {
      void this.refresh();
    }
  }

  private async _fetchPage(
    nextToken: string | null
  ): Promise<IPage<BrowserItem>> {
    const query = {
      search: this._search || undefined,
      maxResults: this._pageSize,
      nextToken: nextToken ?? undefined
    };
    const location = this._location;
    switch (location.kind) {
      case 'home': {
        const page = await this._client.listExperiments(query);
        return mapPage(page, experiment => ({
          kind: 'experiment',
          key: experiment.name,
          experiment
        }));
      }
      case 'experiment': {
        const page = await this._client.listTrials(
          location.experiment.name,
          query
        );
        return mapPage(page, trial => ({
          kind: 'trial',
          key: trial.name,
          trial
        }));
      }
      case 'trial': {
        const page = await this._client.listTrialComponents({
          ...query,
          trialName: location.trial.name
        });
        return mapPage(page, trialComponent => ({
          kind: 'trialComponent',
          key: trialComponent.name,
          trialComponent
        }));
      }
      case 'unassigned': {
        const page = await this._client.listTrialComponents({
          ...query,
          unassigned: true
        });
        return mapPage(page, trialComponent => ({
          kind: 'trialComponent',
          key: trialComponent.name,
          trialComponent
        }));
      }
    }
  }

  /**
   * Put the "Unassigned trial components" entry first at home, unless the
   * search text excludes it.
   */
  private _withUnassignedEntry(items: BrowserItem[]): BrowserItem[] {
    if (this._location.kind !== 'home') {
      return items;
    }
    const search = this._search.trim().toLowerCase();
    if (search && !this._unassignedLabel.toLowerCase().includes(search)) {
      return items;
    }
    return [{ kind: 'unassigned', key: UNASSIGNED_KEY }, ...items];
  }

  private _setLoading(loading: boolean): void {
    this._loading = loading;
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _client: IExperimentsClient;
  private _monitor: RevisionMonitor | null;
  private _pageSize: number;
  private _unassignedLabel: string;
  private _searchDebouncer: Debouncer;
  private _location: BrowserLocation = { kind: 'home' };
  private _items: BrowserItem[] = [];
  private _nextToken: string | null = null;
  private _totalCount = 0;
  private _loading = false;
  private _staleWhileLoading = false;
  private _error: Error | null = null;
  private _search = '';
  private _generation = 0;
  private _isDisposed = false;
  private _selection = new SelectionModel();
  private _changed = new Signal<this, void>(this);
  private _locationChanged = new Signal<this, BrowserLocation>(this);
}

/**
 * A namespace for `ExperimentsBrowserModel` statics.
 */
export namespace ExperimentsBrowserModel {
  /**
   * Options of the model constructor.
   */
  export interface IOptions {
    client: IExperimentsClient;
    /** Source of store revisions; the model reloads when it changes. */
    monitor?: RevisionMonitor;
    /** Label of the unassigned entry, matched against the search text. */
    unassignedLabel: string;
    /** Rows per request, at most 100. */
    pageSize?: number;
    /** Delay after the last search key press before reloading, in ms. */
    searchDelay?: number;
  }
}

function mapPage<T>(
  page: IPage<T>,
  toItem: (value: T) => BrowserItem
): IPage<BrowserItem> {
  return { ...page, items: page.items.map(toItem) };
}
