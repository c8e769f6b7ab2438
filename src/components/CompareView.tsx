import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';
import type { ITrialComponent } from '../api/types';
import {
  buildComparison,
  type CompareProperty,
  type CompareValue,
  type ICompareRow,
  visibleGroups
} from '../model/compare';
import {
  displayName,
  formatDuration,
  formatNumber,
  formatTime
} from '../model/format';
import { categoryLabel, metricLabel } from '../model/tableColumns';
import { statusLabel } from './columns';
import type { TrialComponentType } from '../api/types';
import { typeLabel } from '../model/tableCells';

/**
 * One compared trial component: a column of the table.
 */
export interface ICompareColumn {
  /** Name of the trial component. */
  name: string;
  /** The component, or `null` while it loads or when it could not be loaded. */
  component: ITrialComponent | null;
  /** Error of the last request for the component, or `null`. */
  error: Error | null;
}

/**
 * Properties of `CompareView`.
 */
export interface ICompareViewProps {
  /** The compared components, in column order. */
  columns: readonly ICompareColumn[];
  /** Whether the first request for the components is still running. */
  loading: boolean;
  trans: TranslationBundle;
  /** Initial state of the "Differences only" checkbox, off by default. */
  differencesOnly?: boolean;
}

/** Visual marker after a best value. Screen readers read the cell's `aria-label`. */
const BEST_MARKER = '★';

/**
 * Render trial components side by side: one column per component and one
 * row per property, parameter, metric statistic and artifact.
 */
export function CompareView(props: ICompareViewProps): JSX.Element {
  const { columns, trans } = props;
  const [differencesOnly, setDifferencesOnly] = React.useState(
    props.differencesOnly ?? false
  );
  const groups = React.useMemo(
    () => buildComparison(columns.map(column => column.component)),
    [columns]
  );

  if (!columns.some(column => column.component !== null)) {
    return (
      <div className="jp-ExperimentsCompare-content">
        <CompareMessages
          columns={columns}
          loading={props.loading}
          trans={trans}
        />
      </div>
    );
  }

  const visible = visibleGroups(groups, differencesOnly);
  return (
    <div className="jp-ExperimentsCompare-content">
      <div
        className="jp-ExperimentsCompare-toolbar"
        role="toolbar"
        aria-label={trans.__('Comparison options')}
      >
        <label className="jp-ExperimentsCompare-toggle">
          <input
            type="checkbox"
            checked={differencesOnly}
            onChange={event => setDifferencesOnly(event.currentTarget.checked)}
          />
          {trans.__('Differences only')}
        </label>
      </div>
      {visible.length === 0 ? (
        <p className="jp-ExperimentsCompare-message" role="status">
          {trans.__('The trial components have the same values.')}
        </p>
      ) : (
        <table
          className="jp-ExperimentsCompare-table"
          role="table"
          aria-label={trans._n(
            'Comparison of %1 trial component',
            'Comparison of %1 trial components',
            columns.length
          )}
        >
          <thead role="rowgroup">
            <tr role="row">
              <th
                role="columnheader"
                scope="col"
                className="jp-ExperimentsCompare-corner"
              >
                {trans.__('Trial component')}
              </th>
              {columns.map(column => (
                <ColumnHeader key={column.name} column={column} trans={trans} />
              ))}
            </tr>
          </thead>
          {visible.map(group => (
            <tbody role="rowgroup" key={group.section}>
              <tr role="row" className="jp-ExperimentsCompare-sectionRow">
                <th
                  role="rowheader"
                  scope="rowgroup"
                  colSpan={columns.length + 1}
                >
                  <span className="jp-ExperimentsCompare-sectionTitle">
                    {categoryLabel(group.section, trans)}
                  </span>
                </th>
              </tr>
              {group.rows.map(row => (
                <CompareRow
                  key={row.key}
                  row={row}
                  columns={columns}
                  trans={trans}
                />
              ))}
            </tbody>
          ))}
        </table>
      )}
    </div>
  );
}

/**
 * Show the loading state, or why no component could be loaded.
 */
function CompareMessages(props: {
  columns: readonly ICompareColumn[];
  loading: boolean;
  trans: TranslationBundle;
}): JSX.Element {
  const { columns, trans } = props;
  if (props.loading) {
    return (
      <p className="jp-ExperimentsCompare-message" role="status">
        {trans._n(
          'Loading %1 trial component…',
          'Loading %1 trial components…',
          columns.length
        )}
      </p>
    );
  }
  return (
    <div role="alert">
      <p className="jp-ExperimentsCompare-message">
        {trans.__('None of the trial components could be loaded.')}
      </p>
      <ul className="jp-ExperimentsCompare-errors">
        {columns.map(column => (
          <li key={column.name}>
            {trans.__('%1: %2', column.name, column.error?.message ?? '')}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Render the header of a component's column: its display name, with the name as a
 * tooltip, and the error of its last request.
 */
function ColumnHeader(props: {
  column: ICompareColumn;
  trans: TranslationBundle;
}): JSX.Element {
  const { column, trans } = props;
  const { component, error } = column;
  return (
    <th role="columnheader" scope="col" title={column.name}>
      <span className="jp-ExperimentsCompare-columnTitle">
        {component ? displayName(component) : column.name}
      </span>
      {component && displayName(component) !== column.name && (
        // Display names repeat ("Training"), so the unique name follows.
        <span className="jp-ExperimentsCompare-columnName">{column.name}</span>
      )}
      {error && (
        <span
          className={
            component
              ? 'jp-ExperimentsCompare-columnWarning'
              : 'jp-ExperimentsCompare-columnError'
          }
        >
          {component
            ? trans.__('The last update failed: %1', error.message)
            : trans.__('Could not be loaded: %1', error.message)}
        </span>
      )}
    </th>
  );
}

/**
 * Render one row of the table, with a cell per column.
 */
function CompareRow(props: {
  row: ICompareRow;
  columns: readonly ICompareColumn[];
  trans: TranslationBundle;
}): JSX.Element {
  const { row, columns, trans } = props;
  return (
    <tr role="row" className={row.differs ? 'jp-mod-different' : undefined}>
      <th role="rowheader" scope="row">
        {rowLabel(row, trans)}
      </th>
      {row.values.map((value, index) => {
        const component = columns[index].component;
        const text = component ? cellText(row, value, component, trans) : '';
        const title = cellTitle(row, value, text);
        if (!row.best[index]) {
          return (
            <td role="cell" key={columns[index].name} title={title}>
              {text}
            </td>
          );
        }
        return (
          <td
            role="cell"
            key={columns[index].name}
            className="jp-mod-best"
            title={title}
            aria-label={trans.__('%1 (best)', text)}
          >
            {text}
            <span
              className="jp-ExperimentsCompare-bestMarker"
              aria-hidden="true"
            >
              {BEST_MARKER}
            </span>
          </td>
        );
      })}
    </tr>
  );
}

function propertyLabel(
  property: CompareProperty,
  trans: TranslationBundle
): string {
  switch (property) {
    case 'displayName':
      return trans.__('Display name');
    case 'trials':
      return trans.__('Trials');
    case 'status':
      return trans.__('Status');
    case 'type':
      return trans.__('Type');
    case 'created':
      return trans.__('Created');
    case 'start':
      return trans.__('Start time');
    case 'end':
      return trans.__('End time');
    case 'duration':
      return trans.__('Duration');
  }
}

function rowLabel(row: ICompareRow, trans: TranslationBundle): string {
  if (row.property) {
    return propertyLabel(row.property, trans);
  }
  if (row.statistic) {
    return metricLabel(row.name, row.statistic, trans);
  }
  return row.name;
}

/**
 * Format a value for display. An empty string stands for a missing value.
 */
function cellText(
  row: ICompareRow,
  value: CompareValue,
  component: ITrialComponent,
  trans: TranslationBundle
): string {
  if (value === null) {
    return '';
  }
  switch (row.kind) {
    case 'status':
      return statusLabel(component, trans);
    case 'type':
      return typeLabel(value as TrialComponentType, trans);
    case 'time':
      return formatTime(String(value)) || String(value);
    case 'duration':
      return formatDuration(Number(value));
    case 'number':
    case 'value':
      return typeof value === 'number' ? formatNumber(value) : value;
    case 'text':
      return String(value);
  }
}

/**
 * Return the exact value as a tooltip where the cell shows it rounded or
 * reformatted, such as a number cut to six digits or a local time.
 */
function cellTitle(
  row: ICompareRow,
  value: CompareValue,
  text: string
): string | undefined {
  if (value === null || row.kind === 'status' || row.kind === 'type') {
    return undefined;
  }
  const exact = String(value);
  return exact === text || row.kind === 'duration' ? undefined : exact;
}
