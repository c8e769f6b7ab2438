import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';
import { type ISignal, Signal } from '@lumino/signaling';
import type { ITrialComponent } from '../api/types';
import type {
  IExperimentsClient,
  ISearchExpression,
  ITableScope
} from '../tokens';
import type { RevisionMonitor } from './revision';
import { SelectionModel } from './selection';
import {
  type IColumnNames,
  type ITableColumn,
  tableColumns
} from './tableColumns';

/** Shortest time between two live reloads, per 1,000 loaded rows. */
const RELOAD_INTERVAL_MS = 1000;

/**
 * Sort of a table: a column key and a direction.
 */
export interface ITableSort {
  key: string;
  order: 'ascending' | 'descending';
}

/**
 * Rows of the trial component table: the components of a scope, filtered
 * and sorted by the server and loaded page by page as the user scrolls.
 *
 * Only the rows up to the furthest one the user has looked at are loaded.
 * A live update reloads those rows in place, so sort, filter, selection
 * and scroll position stay as they are.
 */
export class TrialComponentTableModel implements IDisposable {
  /**
   * Create a model; call `load()` to fetch the first page.
   */
  constructor(options: TrialComponentTableModel.IOptions) {
    this.scope = options.scope;
    this._client = options.client;
    this._trans = options.trans;
    this._pageSize = options.pageSize ?? TrialComponentTableModel.PAGE_SIZE;
    this._sort = options.sort ?? null;
    this._filter = options.filter ?? null;
    this._monitor = options.monitor ?? null;
    this._monitor?.changed.connect(this._onRevisionChanged, this);
    this.selection.changed.connect(() => this._changed.emit(), this);
  }

  /** Default number of rows per request. */
  static readonly PAGE_SIZE = 100;

  /**
   * Largest number of rows per request, used when the user jumps far
   * beyond the loaded rows; the server accepts up to 1,000.
   */
  static readonly BULK_PAGE_SIZE = 1000;

  /** The trial components this table lists. */
  readonly scope: ITableScope;

  /** Selected rows, by trial component name. */
  readonly selection = new SelectionModel();

  /** Emitted after any change of rows, columns, sort, filter or state. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Every column of the table, visible or not. */
  get columns(): ITableColumn[] {
    return this._columns;
  }

  /** Rows loaded so far, in the server's order. */
  get rows(): readonly ITrialComponent[] {
    return this._rows;
  }

  /** Names of the loaded rows, in order. */
  get keys(): string[] {
    return this._rows.map(row => row.name);
  }

  /**
   * Number of rows over all pages, or `null` until the server has counted
   * them. The grid sizes its scroll area with it.
   */
  get totalCount(): number | null {
    return this._totalCount;
  }

  /** Whether more rows exist beyond the loaded ones. */
  get hasMore(): boolean {
    return this._nextToken !== null;
  }

  get loading(): boolean {
    return this._loading;
  }

  /** Error of the last request, or `null`. */
  get error(): Error | null {
    return this._error;
  }

  get sort(): ITableSort | null {
    return this._sort;
  }

  get filter(): ISearchExpression | null {
    return this._filter;
  }

  /** Text that names or display names must contain. */
  get search(): string {
    return this._search;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Fetch the columns and the first page, then count the rows.
   */
  async load(): Promise<void> {
    await Promise.all([this._loadColumns(), this._reset()]);
  }

  /**
   * Sort by a column, or in the server's default order for `null`.
   */
  setSort(sort: ITableSort | null): Promise<void> {
    this._sort = sort;
    // Sorting does not change which rows match, so the count stays valid.
    return this._reset({ keepCount: true });
  }

  /**
   * Keep only the components that match a search expression.
   */
  setFilter(filter: ISearchExpression | null): Promise<void> {
    this._filter = filter;
    return this._reset();
  }

  /**
   * Keep only the components whose name or display name contains `text`.
   */
  setSearch(text: string): Promise<void> {
    this._search = text;
    return this._reset();
  }

  /**
   * Load pages until row `index` is loaded or no rows are left. The grid
   * calls it with the last row it shows, so scrolling, including a jump
   * of the scroll bar, fills the visible rows.
   */
  async ensureLoaded(index: number): Promise<void> {
    // TODO: rows are fetched in order from the first one. A jump of the
    // scroll bar to row 20,000 of 100,000 waits for 20 requests of 1,000
    // rows, which takes seconds; offset paging on the server would fix it.
    this._wanted = Math.max(this._wanted, index + 1);
    if (this._loading) {
      // The running load continues up to the new mark.
      return;
    }
    const generation = this._generation;
    this._setLoading(true);
    try {
      while (
        generation === this._generation &&
        this._nextToken !== null &&
        this._rows.length < this._wanted
      ) {
        // A jump of the scroll bar far down fetches larger pages, so the
        // rows there arrive after a few requests instead of hundreds.
        const missing = this._wanted - this._rows.length;
        const size =
          missing > 3 * this._pageSize
            ? Math.min(TrialComponentTableModel.BULK_PAGE_SIZE, missing)
            : this._pageSize;
        const page = await this._fetchPage(this._nextToken, size);
        if (generation !== this._generation) {
          return;
        }
        this._rows = this._rows.concat(page.items);
        this._nextToken = page.nextToken;
        this._error = null;
        this._changed.emit();
      }
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
   * Reload the columns and the loaded rows in place.
   */
  async refresh(): Promise<void> {
    await Promise.all([this._loadColumns(), this._reloadRows()]);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._generation++;
    if (this._reloadTimer !== null) {
      clearTimeout(this._reloadTimer);
      this._reloadTimer = null;
    }
    this.selection.dispose();
    Signal.clearData(this);
  }

  /**
   * Start again from the first page after a change of sort, filter or
   * search. The selection is kept: its rows still exist.
   */
  private async _reset(options: { keepCount?: boolean } = {}): Promise<void> {
    const generation = ++this._generation;
    const knownCount = options.keepCount ? this._totalCount : null;
    this._wanted = this._pageSize;
    this._setLoading(true);
    try {
      // The first page comes without a count, so it shows as fast as the
      // server can sort; the count follows in a second request.
      const page = await this._fetchPage(null);
      if (generation !== this._generation) {
        return;
      }
      this._rows = page.items;
      this._nextToken = page.nextToken;
      this._totalCount =
        page.nextToken === null ? page.items.length : knownCount;
      this._error = null;
      this._changed.emit();
    } catch (error) {
      if (generation === this._generation) {
        this._rows = [];
        this._nextToken = null;
        this._totalCount = 0;
        this._error = error as Error;
      }
    } finally {
      if (generation === this._generation) {
        this._setLoading(false);
      }
    }
    if (generation === this._generation && this._totalCount === null) {
      void this._count(generation);
    }
  }

  /**
   * Reload as many rows as the user has looked at, keeping what is shown
   * until the new rows arrive.
   */
  private async _reloadRows(): Promise<void> {
    if (this._loading) {
      // Reload once the running load has finished, so it is not lost.
      this._reloadPending = true;
      return;
    }
    const generation = ++this._generation;
    const wanted = Math.max(this._pageSize, this._wanted);
    this._lastReload = Date.now();
    this._setLoading(true);
    try {
      let rows: ITrialComponent[] = [];
      let token: string | null = null;
      // The grid may ask for more rows while this runs, so `_wanted` is
      // read again on every page.
      const target = () => Math.max(wanted, this._wanted);
      do {
        const size = Math.min(
          TrialComponentTableModel.BULK_PAGE_SIZE,
          Math.max(this._pageSize, target() - rows.length)
        );
        const page = await this._fetchPage(token, size);
        if (generation !== this._generation) {
          return;
        }
        rows = rows.concat(page.items);
        token = page.nextToken;
      } while (token !== null && rows.length < target());
      this._rows = rows;
      this._nextToken = token;
      this._error = null;
      if (token === null) {
        this._totalCount = rows.length;
        // Every row is known, so rows deleted since leave the selection.
        this.selection.retain(this.keys);
      }
      this._changed.emit();
    } catch (error) {
      if (generation === this._generation) {
        this._error = error as Error;
      }
    } finally {
      if (generation === this._generation) {
        this._setLoading(false);
      }
    }
    if (generation === this._generation && this._nextToken !== null) {
      void this._count(generation);
    }
  }

  private async _count(generation: number): Promise<void> {
    try {
      const page = await this._client.listTrialComponents({
        ...this._query(),
        maxResults: 1
      });
      if (generation === this._generation && page.totalCount !== null) {
        this._totalCount = page.totalCount;
        this._changed.emit();
      }
    } catch (error) {
      // The table still works without a count: the grid then grows as
      // pages arrive. Keep the error for the status line.
      if (generation === this._generation) {
        this._error = error as Error;
        this._changed.emit();
      }
    }
  }

  private _fetchPage(token: string | null, size = this._pageSize) {
    return this._client.listTrialComponents({
      ...this._query(),
      maxResults: size,
      nextToken: token ?? undefined,
      includeTotalCount: false
    });
  }

  private _query() {
    return {
      scope: this.scope,
      filter: this._filter,
      search: this._search || undefined,
      sortBy: this._sort?.key,
      sortOrder: this._sort?.order
    };
  }

  private async _loadColumns(): Promise<void> {
    try {
      const names = await this._client.getTableColumns(this.scope);
      if (this._isDisposed) {
        return;
      }
      if (!sameNames(names, this._names)) {
        this._names = names;
        this._columns = tableColumns(names, this._trans);
        this._changed.emit();
      }
    } catch (error) {
      if (!this._isDisposed) {
        this._error = error as Error;
        this._changed.emit();
      }
    }
  }

  /**
   * Reload after a change of the store. Reloading repeats every request
   * the loaded rows took, so a table scrolled deep reloads less often:
   * at most once per second for each 1,000 loaded rows.
   */
  private _onRevisionChanged(): void {
    void this._loadColumns();
    if (this._reloadTimer !== null) {
      return;
    }
    const pages = Math.ceil(
      Math.max(this._pageSize, this._wanted) /
        TrialComponentTableModel.BULK_PAGE_SIZE
    );
    const wait = this._lastReload + pages * RELOAD_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      void this._reloadRows();
      return;
    }
    this._reloadTimer = setTimeout(() => {
      this._reloadTimer = null;
      if (!this._isDisposed) {
        void this._reloadRows();
      }
    }, wait);
  }

  private _setLoading(loading: boolean): void {
    if (this._loading !== loading) {
      this._loading = loading;
      this._changed.emit();
    }
    if (loading || this._isDisposed) {
      return;
    }
    if (this._reloadPending) {
      this._reloadPending = false;
      void this._reloadRows();
    } else if (
      this._error === null &&
      this._nextToken !== null &&
      this._rows.length < this._wanted
    ) {
      // The grid asked for rows while another load ran; fetch them now.
      void this.ensureLoaded(this._wanted - 1);
    }
  }

  private _client: IExperimentsClient;
  private _trans: TranslationBundle;
  private _monitor: RevisionMonitor | null;
  private _pageSize: number;
  private _names: IColumnNames | null = null;
  private _columns: ITableColumn[] = [];
  private _rows: ITrialComponent[] = [];
  private _nextToken: string | null = null;
  private _totalCount: number | null = null;
  private _wanted = 0;
  private _loading = false;
  private _reloadPending = false;
  private _lastReload = 0;
  private _reloadTimer: ReturnType<typeof setTimeout> | null = null;
  private _error: Error | null = null;
  private _sort: ITableSort | null;
  private _filter: ISearchExpression | null = null;
  private _search = '';
  // Every reset or reload starts a new generation; responses to requests of
  // an older one are dropped, so a slow response never overwrites a newer one.
  private _generation = 0;
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
}

/**
 * A namespace for `TrialComponentTableModel` statics.
 */
export namespace TrialComponentTableModel {
  /**
   * Options of the model constructor.
   */
  export interface IOptions {
    client: IExperimentsClient;
    scope: ITableScope;
    trans: TranslationBundle;
    /** Reload when the store changes; tests may leave it out. */
    monitor?: RevisionMonitor;
    /** Rows per request. */
    pageSize?: number;
    /** Initial sort. */
    sort?: ITableSort | null;
    /** Initial filter, as a search expression. */
    filter?: ISearchExpression | null;
  }
}

function sameNames(a: IColumnNames, b: IColumnNames | null): boolean {
  return b !== null && JSON.stringify(a) === JSON.stringify(b);
}
