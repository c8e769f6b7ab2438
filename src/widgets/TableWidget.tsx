import { MainAreaWidget, showErrorMessage } from '@jupyterlab/apputils';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import React from 'react';
import { TableGrid } from '../components/TableGrid';
import { TableProperties } from '../components/TableProperties';
import { FilterBar } from '../components/FilterBar';
import type { ColumnVisibilityStore } from '../model/columnVisibility';
import type { TrialComponentTableModel } from '../model/table';
import {
  type ColumnVisibility,
  type ITableColumn,
  isColumnVisible,
  switchStatistic
} from '../model/tableColumns';
import {
  emptyFilter,
  formatSearchExpression,
  type ITableFilter,
  toSearchExpression
} from '../model/tableFilter';
import {
  allOf,
  scopeExpression,
  scopeTitle,
  tableWidgetId
} from '../model/tableScope';
import { experimentsIcon } from '../icons';
import type { ITableExportQuery, ITableScope } from '../tokens';

/**
 * Content of a trial component table tab.
 */
export class TableContent extends ReactWidget {
  /**
   * Create the content; the model is disposed with the widget.
   */
  constructor(options: TableWidget.IOptions) {
    super();
    this.model = options.model;
    this._columns = options.columns;
    this._trans = options.translator.load('jupyterlab_experiments');
    this._actions = options.actions;
    if (options.filter) {
      this._filter = options.filter;
    }
    this.addClass('jp-ExperimentsTable');
    this._columns.changed.connect(() => this.update(), this);
  }

  /** The rows and state shown by this table. */
  readonly model: TrialComponentTableModel;

  /** The filter being edited and applied. */
  get filter(): ITableFilter {
    return this._filter;
  }

  /** Visible columns, in order. */
  get visibleColumns(): ITableColumn[] {
    const visibility = this._columns.value;
    return this.model.columns.filter(column =>
      isColumnVisible(column, visibility)
    );
  }

  /** Names of the selected components, in table order where loaded. */
  get selectedNames(): string[] {
    const selected = this.model.selection.selected;
    const loaded = this.model.keys.filter(key => selected.has(key));
    const rest = [...selected].filter(key => !loaded.includes(key));
    return [...loaded, ...rest];
  }

  /**
   * Apply a filter and reload from the first row.
   */
  applyFilter(filter: ITableFilter): Promise<void> {
    this._filter = filter;
    return this.model.setFilter(toSearchExpression(filter, this.model.columns));
  }

  /**
   * Show or hide the TABLE PROPERTIES pane.
   */
  toggleProperties(): void {
    this._showProperties = !this._showProperties;
    this.update();
    if (!this._showProperties) {
      // The pane had the focus; give it to the button that opens it.
      void this.renderPromise?.then(() =>
        this.node
          .querySelector<HTMLElement>('.jp-ExperimentsTable-settings')
          ?.focus()
      );
    }
  }

  /**
   * Download the current view as CSV: visible columns, filter and sort.
   */
  async exportCsv(): Promise<void> {
    const model = this.model;
    try {
      const blob = await this._actions.exportTable({
        scope: model.scope,
        filter: model.filter,
        search: model.search || undefined,
        sortBy: model.sort?.key,
        sortOrder: model.sort?.order,
        columns: this.visibleColumns.map(column => column.key)
      });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = 'trial-components.csv';
      document.body.appendChild(link);
      link.click();
      link.remove();
      // Revoke later: some browsers read the blob after click() returns.
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      await showErrorMessage(this._trans.__('Export failed'), error as Error);
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.model.dispose();
    super.dispose();
  }

  protected onActivateRequest(): void {
    // A new tab renders after it is activated; focus the grid once it is in.
    const focusGrid = () =>
      this.node.querySelector<HTMLElement>('[role="grid"]')?.focus();
    if (this.node.querySelector('[role="grid"]')) {
      focusGrid();
    } else {
      void this.renderPromise?.then(focusGrid);
    }
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed}>
        {() => this._renderTable()}
      </UseSignal>
    );
  }

  private _renderTable(): JSX.Element {
    const model = this.model;
    const trans = this._trans;
    const columns = this.visibleColumns;
    const selectedCount = model.selection.selected.size;
    const rowCount =
      model.totalCount ?? model.rows.length + (model.hasMore ? 1 : 0);
    const status =
      model.totalCount === null
        ? trans.__('%1 trial components loaded, counting…', model.rows.length)
        : trans._n(
            '%1 trial component',
            '%1 trial components',
            model.totalCount
          );
    return (
      <div className="jp-ExperimentsTable-layout">
        <div className="jp-ExperimentsTable-main">
          <div
            className="jp-ExperimentsTable-toolbar"
            role="toolbar"
            aria-label={trans.__('Trial component table')}
          >
            <input
              type="search"
              className="jp-ExperimentsTable-search"
              placeholder={trans.__('Search by name')}
              aria-label={trans.__('Search trial components by name')}
              defaultValue={model.search}
              onKeyDown={event => {
                if (event.key === 'Enter') {
                  void model.setSearch(event.currentTarget.value);
                }
              }}
            />
            <button
              className="jp-ExperimentsTable-button"
              aria-pressed={this._showFilter}
              onClick={() => {
                this._showFilter = !this._showFilter;
                this.update();
              }}
            >
              {this._filter.conditions.length > 0
                ? trans.__('Filters (%1)', this._filter.conditions.length)
                : trans.__('Filters')}
            </button>
            <button
              className="jp-ExperimentsTable-button"
              disabled={selectedCount < 2}
              title={trans.__('Compare the selected trial components')}
              onClick={() => this._actions.compare(this.selectedNames)}
            >
              {trans.__('Compare')}
            </button>
            {this._actions.addChart && (
              <button
                className="jp-ExperimentsTable-button"
                disabled={selectedCount < 1}
                title={trans.__('Chart the selected trial components')}
                onClick={() => this._actions.addChart?.(this.selectedNames)}
              >
                {trans.__('Add chart')}
              </button>
            )}
            <button
              className="jp-ExperimentsTable-button"
              title={trans.__(
                'Download the rows of this view as CSV, with its columns, filter and sort'
              )}
              onClick={() => void this.exportCsv()}
            >
              {trans.__('Export CSV')}
            </button>
            <span className="jp-ExperimentsTable-spacer" />
            <button
              className="jp-ExperimentsTable-button jp-ExperimentsTable-settings"
              aria-pressed={this._showProperties}
              aria-label={trans.__('Table properties')}
              title={trans.__('Table properties: choose the columns')}
              onClick={() => this.toggleProperties()}
            >
              ⚙
            </button>
          </div>
          {this._showFilter && (
            <FilterBar
              filter={this._filter}
              columns={model.columns.filter(column => column.filterable)}
              trans={trans}
              onApply={filter => void this.applyFilter(filter)}
              onCopyExpression={expression =>
                this._actions.copy(
                  formatSearchExpression(
                    // The table's own selection travels with the filter.
                    allOf(scopeExpression(model.scope), expression) ??
                      expression
                  )
                )
              }
              loadValues={(key, search) => {
                // Trials and Experiments are filtered on their parents' names.
                const column = model.columns.find(item => item.key === key);
                const property = column?.filterProperty ?? key;
                return this._actions.loadValues(model.scope, property, search);
              }}
            />
          )}
          <div className="jp-ExperimentsTable-status" role="status">
            <span>{status}</span>
            {selectedCount > 0 && (
              <span>{trans.__('%1 selected', selectedCount)}</span>
            )}
            {model.error && (
              <span className="jp-ExperimentsTable-error">
                {model.error.message}
              </span>
            )}
          </div>
          <TableGrid
            id={`${this.id || 'jp-experiments-table'}-grid`}
            label={trans.__('Trial components')}
            columns={columns}
            rows={model.rows}
            rowCount={rowCount}
            selected={model.selection.selected}
            focus={model.selection.focus}
            sort={model.sort}
            loading={model.loading}
            emptyMessage={
              model.filter || model.search
                ? trans.__('No trial component matches the filter.')
                : trans.__('No trial components.')
            }
            trans={trans}
            onSelect={(key, mode) =>
              model.selection.select(key, mode, model.keys)
            }
            onFocus={key => model.selection.moveFocus(key)}
            onSelectAll={() => model.selection.selectAll(model.keys)}
            onOpen={name => this._actions.describe(name)}
            onNeedRows={index => void model.ensureLoaded(index)}
            onSort={sort => void model.setSort(sort)}
            onStatistic={(column, statistic) => {
              this._columns.set(
                switchStatistic(this._columns.value, column, statistic)
              );
              // A sorted metric column stays sorted by its new statistic.
              if (model.sort?.key === column.key) {
                void model.setSort({
                  key: `Metrics.${column.name}.${statistic}`,
                  order: model.sort.order
                });
              }
            }}
            onHide={column => this._changeColumns({ [column.key]: false })}
          />
        </div>
        {this._showProperties && (
          <TableProperties
            columns={model.columns}
            visibility={this._columns.value}
            trans={trans}
            onChange={changes => this._changeColumns(changes)}
            onClose={() => this.toggleProperties()}
          />
        )}
      </div>
    );
  }

  /**
   * Show or hide columns. Hiding the sorted column also drops the sort, so
   * the rows never follow an order that no header shows.
   */
  private _changeColumns(changes: ColumnVisibility): void {
    this._columns.update(changes);
    const sorted = this.model.sort?.key;
    if (sorted !== undefined && changes[sorted] === false) {
      void this.model.setSort(null);
    }
  }

  private _columns: ColumnVisibilityStore;
  private _trans: TranslationBundle;
  private _actions: TableWidget.IActions;
  private _filter: ITableFilter = emptyFilter();
  private _showFilter = false;
  private _showProperties = false;
}

/**
 * A trial component table tab of the main area.
 */
export class TableWidget extends MainAreaWidget<TableContent> {
  /**
   * Create the tab and start loading.
   */
  constructor(options: TableWidget.IOptions) {
    const content = new TableContent(options);
    super({ content });
    const trans = options.translator.load('jupyterlab_experiments');
    this.id = tableWidgetId(options.model.scope);
    content.id = `${this.id}-content`;
    content.node.setAttribute('role', 'region');
    const title = scopeTitle(options.model.scope, trans);
    content.node.setAttribute('aria-label', title);
    this.addClass('jp-ExperimentsTableWidget');
    this.title.icon = experimentsIcon;
    this.title.closable = true;
    this.title.label = title;
    this.title.caption = trans.__('Trial components of %1', title);
    void options.model.load();
  }
}

/**
 * A namespace for `TableWidget` statics.
 */
export namespace TableWidget {
  /**
   * Callbacks that the table uses for actions of the application.
   */
  export interface IActions {
    describe: (name: string) => void;
    compare: (names: string[]) => void;
    addChart?: (names: string[]) => void;
    copy: (text: string) => void;
    loadValues: (
      scope: ITableScope,
      property: string,
      search: string
    ) => Promise<{ values: (string | number)[]; truncated: boolean }>;
    exportTable: (query: ITableExportQuery) => Promise<Blob>;
  }

  /**
   * Options of the table tab and its content.
   */
  export interface IOptions {
    model: TrialComponentTableModel;
    columns: ColumnVisibilityStore;
    translator: ITranslator;
    actions: IActions;
    /**
     * The filter bar's filter; the model must start with the same filter
     * as a search expression.
     */
    filter?: ITableFilter;
  }
}
