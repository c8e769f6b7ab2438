import type { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import {
  Clipboard,
  showErrorMessage,
  WidgetTracker
} from '@jupyterlab/apputils';
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { type INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import type { ExperimentsBrowserModel } from './model/browser';
import { ColumnVisibilityStore } from './model/columnVisibility';
import type { RevisionMonitor } from './model/revision';
import type { ITableSort } from './model/table';
import type { ColumnVisibility } from './model/tableColumns';
import type { ITableFilter } from './model/tableFilter';
import {
  isEmptyScope,
  isTableScope,
  normalizeScope,
  SCOPE_NAMES_MAX,
  scopeOfItems,
  scopeSize,
  tableWidgetId
} from './model/tableScope';
import type {
  IExperimentsClient,
  ISearchExpression,
  ITableScope
} from './tokens';
import type { ChartWidget } from './widgets/ChartWidget';
import type { CompareWidget } from './widgets/CompareWidget';
import type { TableWidget } from './widgets/TableWidget';

/**
 * Ids of the commands of trial component tables.
 */
export namespace TableCommandIDs {
  export const openTable = 'jupyterlab-experiments:open-trial-component-list';
  export const compare = 'jupyterlab-experiments:compare-trial-components';
  export const exportCsv = 'jupyterlab-experiments:export-table-csv';
  export const tableProperties = 'jupyterlab-experiments:table-properties';
  export const describeRow = 'jupyterlab-experiments:describe-table-row';
  export const copyRowNames = 'jupyterlab-experiments:copy-table-row-names';
  export const addChart = 'jupyterlab-experiments:add-chart';
}

/**
 * Services and callbacks of the application that the table commands use.
 */
export interface ITableContext {
  app: JupyterFrontEnd;
  client: IExperimentsClient;
  monitor: RevisionMonitor;
  model: ExperimentsBrowserModel;
  translator: ITranslator;
  trans: TranslationBundle;
  describe: (name: string) => Promise<void>;
  restorer: ILayoutRestorer | null;
  /** Emits when the JupyterLab theme changes, so charts follow it. */
  themeChanged?: ISignal<unknown, unknown>;
  /** Notebooks, for "Copy as notebook code"; without it the code is copied. */
  notebooks?: INotebookTracker | null;
}

/** Most components a chart opened from the Experiments panel shows. */
const CHART_COMPONENTS_MAX = 100;

/**
 * Sort and filter of a table, kept with the JupyterLab layout.
 */
interface ITableState {
  sort?: ITableSort | null;
  /** The filter as the filter bar edits it. */
  filter?: ITableFilter;
  /** The same filter as the search expression the server takes. */
  expression?: ISearchExpression | null;
}

/**
 * Read the sort and filter from the arguments of a restored table. Values
 * of the wrong shape are ignored, so a stale layout still opens the table.
 */
function tableState(args: ReadonlyPartialJSONObject): ITableState {
  const state: ITableState = {};
  const sort = args.sort as { key?: unknown; order?: unknown } | null;
  if (
    sort &&
    typeof sort.key === 'string' &&
    (sort.order === 'ascending' || sort.order === 'descending')
  ) {
    state.sort = { key: sort.key, order: sort.order };
  }
  const filter = args.filter as { combinator?: unknown; conditions?: unknown };
  const expression = args.expression;
  if (
    filter &&
    (filter.combinator === 'And' || filter.combinator === 'Or') &&
    Array.isArray(filter.conditions) &&
    typeof expression === 'object' &&
    expression !== null
  ) {
    state.filter = filter as unknown as ITableFilter;
    state.expression = expression as ISearchExpression;
  }
  return state;
}

/** Setting that keeps the user's choice of table columns. */
const COLUMNS_SETTING = 'tableColumns';

/**
 * Register the trial component table, the compare view and their commands.
 *
 * @returns The column choice shared by the tables, for `linkColumnSetting`.
 */
export function addTableCommands(
  context: ITableContext
): ColumnVisibilityStore {
  const { app, client, monitor, model, translator, trans } = context;
  const { commands } = app;
  const noArgs = { args: { type: 'object' as const, properties: {} } };
  const tables = new WidgetTracker<TableWidget>({
    namespace: 'jupyterlab-experiments-table'
  });
  const comparisons = new WidgetTracker<CompareWidget>({
    namespace: 'jupyterlab-experiments-compare'
  });
  const charts = new WidgetTracker<ChartWidget>({
    namespace: 'jupyterlab-experiments-chart'
  });
  const columns = new ColumnVisibilityStore();

  // Put the code in a new cell below the active cell of the last notebook
  // used, or on the clipboard when no notebook is open.
  const insertCode = (code: string): void => {
    const notebook = context.notebooks?.currentWidget;
    if (!notebook) {
      Clipboard.copyToSystem(code);
      return;
    }
    NotebookActions.insertBelow(notebook.content);
    const cell = notebook.content.activeCell;
    if (cell) {
      cell.model.sharedModel.setSource(code);
    }
    app.shell.activateById(notebook.id);
  };

  const addChart = async (
    names: string[],
    properties?: ReadonlyPartialJSONObject,
    table?: TableWidget,
    id?: string
  ): Promise<void> => {
    const open = id ? charts.find(widget => widget.id === id) : undefined;
    if (open) {
      app.shell.activateById(open.id);
      return;
    }
    const { ChartWidget } = await import('./widgets/ChartWidget');
    const widget = new ChartWidget({
      client,
      monitor,
      translator,
      id,
      names,
      properties: properties as never,
      themeChanged: context.themeChanged,
      onCopyCode: insertCode
    });
    widget.stateChanged.connect(() => void charts.save(widget));
    if (table) {
      // The chart follows the table's selection while both are open.
      const follow = () => {
        const selected = table.content.selectedNames;
        if (selected.length > 0) {
          void widget.setNames(selected);
        }
      };
      table.content.model.selection.changed.connect(follow);
      widget.disposed.connect(() =>
        table.content.model.selection.changed.disconnect(follow)
      );
    }
    void charts.add(widget);
    app.shell.add(widget, 'main', { mode: 'split-bottom' });
    app.shell.activateById(widget.id);
  };

  // Components of the panel's selection: the selected components, then
  // those of the selected trials and experiments, up to a limit.
  const componentsOfSelection = async (): Promise<string[]> => {
    const scope = scopeOfItems(model.selectedItems);
    if (isEmptyScope(scope)) {
      return [];
    }
    const page = await client.listTrialComponents({
      scope,
      maxResults: CHART_COMPONENTS_MAX,
      includeTotalCount: false
    });
    return page.items.map(item => item.name);
  };

  const currentTable = (): TableWidget | null => {
    const current = app.shell.currentWidget;
    const table = tables.find(widget => widget === current);
    return table ?? tables.currentWidget;
  };

  const compare = async (names: string[]): Promise<void> => {
    const { CompareWidget, compareWidgetId } =
      await import('./widgets/CompareWidget');
    const id = compareWidgetId(names);
    const open = comparisons.find(widget => widget.id === id);
    if (open) {
      app.shell.activateById(id);
      return;
    }
    const widget = new CompareWidget({
      client,
      names,
      trans,
      revision: monitor
    });
    void comparisons.add(widget);
    app.shell.add(widget, 'main');
    app.shell.activateById(widget.id);
  };

  const openTable = async (
    scope: ITableScope,
    state: ITableState = {}
  ): Promise<void> => {
    const normal = normalizeScope(scope);
    const id = tableWidgetId(normal);
    const open = tables.find(widget => widget.id === id);
    if (open) {
      app.shell.activateById(id);
      return;
    }
    // The table is loaded on first use, so it does not delay start-up.
    const [{ TableWidget }, { TrialComponentTableModel }] = await Promise.all([
      import('./widgets/TableWidget'),
      import('./model/table')
    ]);
    if (tables.find(widget => widget.id === id)) {
      app.shell.activateById(id);
      return;
    }
    const widget = new TableWidget({
      model: new TrialComponentTableModel({
        client,
        monitor,
        scope: normal,
        trans,
        sort: state.sort,
        filter: state.expression
      }),
      filter: state.filter,
      columns,
      translator,
      actions: {
        describe: name => void context.describe(name),
        compare: names => void compare(names),
        addChart: names => void addChart(names, undefined, widget),
        copy: text => Clipboard.copyToSystem(text),
        loadValues: (scope, property, search) =>
          client.getColumnValues(scope, property, search),
        exportTable: query => client.exportTable(query)
      }
    });
    void tables.add(widget);
    // Keep the sort and filter with the layout, so a reload restores them.
    let saved = '';
    widget.content.model.changed.connect(table => {
      const current = JSON.stringify([table.sort, table.filter]);
      if (current !== saved) {
        saved = current;
        void tables.save(widget);
      }
    });
    app.shell.add(widget, 'main');
    app.shell.activateById(widget.id);
  };

  const scopeArg = (args: ReadonlyPartialJSONObject): ITableScope | null =>
    isTableScope(args.scope) ? args.scope : null;

  commands.addCommand(TableCommandIDs.openTable, {
    label: trans.__('Open in Trial Component List'),
    caption: trans.__(
      'List the trial components of the selected experiments, trials or components in a table'
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          scope: {
            type: 'object',
            description: trans.__(
              'Experiments, trials and trial components to list; defaults to the selection of the Experiments panel'
            )
          }
        }
      }
    },
    isEnabled: args =>
      scopeArg(args) !== null || model.selectedItems.length > 0,
    execute: async args => {
      const scope = scopeArg(args) ?? scopeOfItems(model.selectedItems);
      if (isEmptyScope(scope)) {
        return;
      }
      const count = scopeSize(scope);
      if (count > SCOPE_NAMES_MAX) {
        await showErrorMessage(
          trans.__('Too many items selected'),
          trans.__(
            'A trial component list can show the components of at most %1 selected items, and %2 are selected. Select the trials or the experiment that contain them instead.',
            SCOPE_NAMES_MAX,
            count
          )
        );
        return;
      }
      return openTable(scope, tableState(args));
    }
  });

  commands.addCommand(TableCommandIDs.compare, {
    label: trans.__('Compare'),
    caption: trans.__('Compare the selected trial components side by side'),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          names: { type: 'array', items: { type: 'string' } }
        }
      }
    },
    isEnabled: args =>
      Array.isArray(args.names) ||
      (currentTable()?.content.selectedNames.length ?? 0) >= 2,
    execute: args => {
      const names = Array.isArray(args.names)
        ? args.names.map(String)
        : (currentTable()?.content.selectedNames ?? []);
      if (names.length > 0) {
        return compare(names);
      }
    }
  });

  commands.addCommand(TableCommandIDs.exportCsv, {
    label: trans.__('Export Trial Component Table as CSV'),
    caption: trans.__(
      'Download the rows of the table with its columns, filter and sort'
    ),
    describedBy: noArgs,
    isEnabled: () => currentTable() !== null,
    execute: () => currentTable()?.content.exportCsv()
  });

  commands.addCommand(TableCommandIDs.tableProperties, {
    label: trans.__('Table Properties'),
    caption: trans.__('Choose the columns of the trial component table'),
    describedBy: noArgs,
    isEnabled: () => currentTable() !== null,
    execute: () => currentTable()?.content.toggleProperties()
  });

  commands.addCommand(TableCommandIDs.describeRow, {
    label: trans.__('Describe Trial Component'),
    caption: trans.__('Open the describe tab of the selected components'),
    describedBy: noArgs,
    isEnabled: () => (currentTable()?.content.selectedNames.length ?? 0) > 0,
    execute: async () => {
      for (const name of currentTable()?.content.selectedNames ?? []) {
        await context.describe(name);
      }
    }
  });

  commands.addCommand(TableCommandIDs.copyRowNames, {
    label: trans.__('Copy Name'),
    caption: trans.__('Copy the names of the selected components'),
    describedBy: noArgs,
    isEnabled: () => (currentTable()?.content.selectedNames.length ?? 0) > 0,
    execute: () => {
      const names = currentTable()?.content.selectedNames ?? [];
      Clipboard.copyToSystem(names.join('\n'));
    }
  });

  commands.addCommand(TableCommandIDs.addChart, {
    label: trans.__('Add Chart'),
    caption: trans.__(
      'Chart the selected trial components: summary statistics or time series'
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          names: { type: 'array', items: { type: 'string' } },
          properties: { type: 'object' },
          id: { type: 'string' }
        }
      }
    },
    isEnabled: args =>
      Array.isArray(args.names) ||
      (currentTable()?.content.selectedNames.length ?? 0) > 0 ||
      model.selectedItems.length > 0,
    execute: async args => {
      if (Array.isArray(args.names)) {
        const properties = args.properties as
          ReadonlyPartialJSONObject | undefined;
        const id = typeof args.id === 'string' ? args.id : undefined;
        return addChart(args.names.map(String), properties, undefined, id);
      }
      const current = app.shell.currentWidget;
      const table = tables.find(widget => widget === current);
      if (table && table.content.selectedNames.length > 0) {
        return addChart(table.content.selectedNames, undefined, table);
      }
      const names = await componentsOfSelection();
      if (names.length > 0) {
        return addChart(names);
      }
    }
  });

  if (context.restorer) {
    void context.restorer.restore(charts, {
      command: TableCommandIDs.addChart,
      args: widget => ({
        id: widget.id,
        names: [...widget.names],
        properties: widget.properties as unknown as ReadonlyPartialJSONObject
      }),
      name: widget => widget.id
    });
    void context.restorer.restore(tables, {
      command: TableCommandIDs.openTable,
      args: widget => {
        const table = widget.content;
        return {
          scope: table.model.scope,
          sort: table.model.sort,
          filter: table.filter,
          expression: table.model.filter
        } as unknown as ReadonlyPartialJSONObject;
      },
      name: widget => widget.id
    });
    void context.restorer.restore(comparisons, {
      command: TableCommandIDs.compare,
      args: widget => ({ names: [...widget.names] }),
      name: widget => widget.id
    });
  }
  return columns;
}

/**
 * Keep the column choice and the user's settings in step, both ways.
 */
export function linkColumnSetting(
  columns: ColumnVisibilityStore,
  settings: ISettingRegistry.ISettings
): void {
  const read = () => {
    const value = settings.get(COLUMNS_SETTING).composite;
    columns.set(
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as ColumnVisibility)
        : {}
    );
  };
  read();
  settings.changed.connect(read);
  columns.changed.connect((_, value) => {
    void settings.set(COLUMNS_SETTING, value).catch(reason => {
      console.error('Could not save the choice of table columns.', reason);
    });
  });
}
