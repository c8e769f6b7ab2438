import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ITrialComponent } from '../api/types';
import { clickSelectMode, type SelectMode } from '../model/selection';
import type { ITableSort } from '../model/table';
import { cellText } from '../model/tableCells';
import {
  METRIC_STATISTICS,
  type ITableColumn,
  type MetricStatistic,
  statisticLabel
} from '../model/tableColumns';

/**
 * Height of one row in pixels. Rows have a fixed height so that only the
 * visible ones need to be in the DOM, even for 100,000 components.
 */
export const TABLE_ROW_HEIGHT = 28;

/** Rows rendered above and below the visible ones. */
const OVERSCAN = 15;

/** Rows requested beyond the last visible one, so scrolling rarely waits. */
const PREFETCH = 100;

/**
 * Width of a column in pixels: enough for its header text, within bounds
 * that depend on what it holds.
 */
export function columnWidth(column: ITableColumn): number {
  if (column.key === 'TrialComponentName') {
    return 240;
  }
  let minimum = 100;
  if (column.kind === 'time') {
    minimum = 170;
  } else if (column.kind === 'text') {
    minimum = 160;
  }
  // About 7 pixels per character of the header, plus the menu button.
  const fit = column.label.length * 7 + 44;
  return Math.min(Math.max(minimum, fit), 280);
}

/**
 * Properties of `TableGrid`.
 */
export interface ITableGridProps {
  /** Prefix of the DOM ids of rows, unique in the page. */
  id: string;
  /** Translated accessible name of the grid. */
  label: string;
  /** Visible columns, in order. */
  columns: ITableColumn[];
  rows: readonly ITrialComponent[];
  /** Rows over all pages, loaded or not. */
  rowCount: number;
  selected: ReadonlySet<string>;
  focus: string | null;
  sort: ITableSort | null;
  loading: boolean;
  emptyMessage: string;
  trans: TranslationBundle;
  onSelect: (key: string, mode: SelectMode) => void;
  /** Called to move the keyboard focus without changing the selection. */
  onFocus: (key: string) => void;
  onSelectAll: () => void;
  /** Called on double-click or Enter with a component name. */
  onOpen: (name: string) => void;
  /** Called with the index of the last row that should be loaded. */
  onNeedRows: (index: number) => void;
  onSort: (sort: ITableSort | null) => void;
  onStatistic: (column: ITableColumn, statistic: MetricStatistic) => void;
  onHide: (column: ITableColumn) => void;
}

/**
 * Render the virtualised, keyboard-navigable grid of trial components.
 *
 * The grid keeps the DOM focus and points at the focused row with
 * `aria-activedescendant`, so the keyboard works although off-screen rows
 * are not rendered. The header stays at the top while the body scrolls.
 */
export function TableGrid(props: ITableGridProps): JSX.Element {
  const { rows, columns, selected, focus, trans } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(400);
  const [menu, setMenu] = useState<string | null>(null);

  useLayoutEffect(() => {
    const node = scrollRef.current;
    if (!node) {
      return;
    }
    const measure = () => setViewHeight(node.clientHeight || 400);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  const keys = rows.map(row => row.name);
  const focusIndex = focus === null ? -1 : keys.indexOf(focus);

  // Keep the focused row visible when the keyboard moves it.
  useLayoutEffect(() => {
    const node = scrollRef.current;
    if (!node || focusIndex < 0) {
      return;
    }
    const top = focusIndex * TABLE_ROW_HEIGHT;
    const bottom = top + TABLE_ROW_HEIGHT + TABLE_ROW_HEIGHT;
    if (top < node.scrollTop) {
      node.scrollTop = top;
    } else if (bottom > node.scrollTop + node.clientHeight) {
      node.scrollTop = bottom - node.clientHeight;
    }
  }, [focus]);

  const first = Math.max(
    0,
    Math.floor(scrollTop / TABLE_ROW_HEIGHT) - OVERSCAN
  );
  const last = Math.min(
    props.rowCount,
    Math.ceil((scrollTop + viewHeight) / TABLE_ROW_HEIGHT) + OVERSCAN
  );

  useEffect(() => {
    props.onNeedRows(last + PREFETCH);
  }, [last]);

  const widths = columns.map(columnWidth);
  const template = widths.map(width => `${width}px`).join(' ');
  const totalWidth = widths.reduce((sum, width) => sum + width, 0);

  const moveFocus = (index: number, event: React.KeyboardEvent) => {
    if (rows.length === 0) {
      return;
    }
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey) {
      // Ctrl+Arrow moves the focus only; Space then adds or removes rows.
      props.onFocus(keys[clamped]);
      return;
    }
    props.onSelect(keys[clamped], event.shiftKey ? 'range' : 'replace');
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) {
      // Keys typed in header menus belong to them.
      return;
    }
    const page = Math.max(1, Math.floor(viewHeight / TABLE_ROW_HEIGHT) - 2);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        moveFocus(focusIndex < 0 ? 0 : focusIndex + 1, event);
        break;
      case 'ArrowUp':
        moveFocus(focusIndex < 0 ? 0 : focusIndex - 1, event);
        break;
      case 'PageDown':
        moveFocus(focusIndex + page, event);
        break;
      case 'PageUp':
        moveFocus(focusIndex - page, event);
        break;
      case 'Home':
        moveFocus(0, event);
        break;
      case 'End':
        moveFocus(rows.length - 1, event);
        break;
      case 'Enter':
        if (focusIndex >= 0) {
          props.onOpen(keys[focusIndex]);
        }
        break;
      case ' ':
        if (focusIndex >= 0) {
          props.onSelect(keys[focusIndex], event.shiftKey ? 'range' : 'toggle');
        }
        break;
      case 'a':
        if (event.ctrlKey || event.metaKey) {
          props.onSelectAll();
        } else {
          handled = false;
        }
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const onRowMouseDown = (event: React.MouseEvent, key: string) => {
    if (event.button === 2) {
      // Right-click keeps a selection that contains the row, so the
      // context menu acts on all of it.
      if (!selected.has(key)) {
        props.onSelect(key, 'replace');
      }
      return;
    }
    if (event.button !== 0) {
      return;
    }
    const mode = clickSelectMode(event);
    if (event.shiftKey) {
      // Stop the browser from selecting text across rows.
      event.preventDefault();
    }
    props.onSelect(key, mode);
  };

  const body: JSX.Element[] = [];
  for (let index = first; index < last; index++) {
    const row = rows[index];
    const style = {
      top: index * TABLE_ROW_HEIGHT + TABLE_ROW_HEIGHT,
      height: TABLE_ROW_HEIGHT,
      gridTemplateColumns: template,
      width: totalWidth
    };
    if (!row) {
      body.push(
        <div
          key={`placeholder-${index}`}
          className="jp-ExperimentsTable-row jp-mod-placeholder"
          role="row"
          aria-rowindex={index + 2}
          style={style}
        >
          <div role="gridcell" className="jp-ExperimentsTable-cell">
            {trans.__('Loading…')}
          </div>
        </div>
      );
      continue;
    }
    const isSelected = selected.has(row.name);
    const classes = [
      'jp-ExperimentsTable-row',
      isSelected ? 'jp-mod-selected' : '',
      row.name === focus ? 'jp-mod-focused' : ''
    ].join(' ');
    body.push(
      <div
        key={row.name}
        id={`${props.id}-row-${index}`}
        className={classes}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={isSelected}
        data-name={row.name}
        style={style}
        onMouseDown={event => onRowMouseDown(event, row.name)}
        onDoubleClick={() => props.onOpen(row.name)}
      >
        {columns.map(column => {
          const text = cellText(row, column, trans);
          return (
            <div
              key={column.key}
              role="gridcell"
              className={`jp-ExperimentsTable-cell jp-kind-${column.kind}`}
              data-column={column.key}
              title={text}
            >
              {text}
            </div>
          );
        })}
      </div>
    );
  }

  return (
    <div
      ref={scrollRef}
      className="jp-ExperimentsTable-grid"
      role="grid"
      aria-label={props.label}
      aria-multiselectable={true}
      aria-rowcount={props.rowCount + 1}
      aria-colcount={columns.length}
      aria-busy={props.loading}
      aria-activedescendant={
        focusIndex >= 0 ? `${props.id}-row-${focusIndex}` : undefined
      }
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={event => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div
        className="jp-ExperimentsTable-header"
        role="row"
        aria-rowindex={1}
        style={{
          gridTemplateColumns: template,
          width: totalWidth,
          height: TABLE_ROW_HEIGHT
        }}
      >
        {columns.map(column => (
          <HeaderCell
            key={column.key}
            column={column}
            sort={props.sort}
            menuOpen={menu === column.key}
            trans={trans}
            onMenu={open => setMenu(open ? column.key : null)}
            onSort={props.onSort}
            onStatistic={statistic => props.onStatistic(column, statistic)}
            onHide={() => props.onHide(column)}
          />
        ))}
      </div>
      <div
        className="jp-ExperimentsTable-body"
        role="rowgroup"
        style={{
          height: (props.rowCount + 1) * TABLE_ROW_HEIGHT,
          width: totalWidth
        }}
      >
        {body}
      </div>
      {props.rowCount === 0 && !props.loading && (
        <div className="jp-ExperimentsTable-empty" role="status">
          {props.emptyMessage}
        </div>
      )}
    </div>
  );
}

/**
 * Properties of `HeaderCell`.
 */
interface IHeaderCellProps {
  column: ITableColumn;
  sort: ITableSort | null;
  menuOpen: boolean;
  trans: TranslationBundle;
  onMenu: (open: boolean) => void;
  onSort: (sort: ITableSort | null) => void;
  onStatistic: (statistic: MetricStatistic) => void;
  onHide: () => void;
}

/**
 * Render a column header. Clicking the label sorts, and the menu button
 * offers the sort directions, the statistic of a metric and hiding.
 */
function HeaderCell(props: IHeaderCellProps): JSX.Element {
  const { column, sort, trans } = props;
  const order = sort?.key === column.key ? sort.order : null;
  const ariaSort =
    order === null
      ? 'none'
      : order === 'ascending'
        ? 'ascending'
        : 'descending';
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  // Closing the menu gives the keyboard focus back to its button, so it is
  // not lost on the page's body.
  const closeMenu = () => {
    props.onMenu(false);
    buttonRef.current?.focus();
  };

  // Focus the first item when the menu opens, and close it on a click
  // outside or on Escape.
  useEffect(() => {
    if (!props.menuOpen) {
      return;
    }
    menuRef.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
    const onDown = (event: MouseEvent) => {
      if (!menuRef.current?.contains(event.target as Node)) {
        props.onMenu(false);
      }
    };
    document.addEventListener('mousedown', onDown, true);
    return () => document.removeEventListener('mousedown', onDown, true);
  }, [props.menuOpen]);

  const nextSort = (): ITableSort | null => {
    if (order === null) {
      return { key: column.key, order: 'ascending' };
    }
    if (order === 'ascending') {
      return { key: column.key, order: 'descending' };
    }
    return null;
  };

  const choose = (action: () => void) => () => {
    closeMenu();
    action();
  };

  const onMenuKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(
      menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? []
    );
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      closeMenu();
    } else if (event.key === 'ArrowDown') {
      items[(index + 1) % items.length]?.focus();
    } else if (event.key === 'ArrowUp') {
      items[(index - 1 + items.length) % items.length]?.focus();
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div
      role="columnheader"
      aria-sort={ariaSort}
      className="jp-ExperimentsTable-headerCell"
      data-column={column.key}
    >
      <button
        className="jp-ExperimentsTable-headerLabel"
        title={
          column.sortable
            ? trans.__('%1: click to sort', column.label)
            : column.label
        }
        disabled={!column.sortable}
        onClick={() => props.onSort(nextSort())}
      >
        <span className="jp-ExperimentsTable-headerText">{column.label}</span>
        {order !== null && (
          <span className="jp-ExperimentsTable-sortMark" aria-hidden="true">
            {order === 'ascending' ? '▲' : '▼'}
          </span>
        )}
      </button>
      <button
        ref={buttonRef}
        className="jp-ExperimentsTable-headerMenuButton"
        aria-label={trans.__('Options of column %1', column.label)}
        aria-haspopup="menu"
        aria-expanded={props.menuOpen}
        onClick={() => props.onMenu(!props.menuOpen)}
      >
        ⋮
      </button>
      {props.menuOpen && (
        <div
          ref={menuRef}
          className="jp-ExperimentsTable-headerMenu"
          role="menu"
          aria-label={trans.__('Options of column %1', column.label)}
          onKeyDown={onMenuKeyDown}
        >
          {column.sortable && (
            <>
              <button
                role="menuitem"
                onClick={choose(() =>
                  props.onSort({ key: column.key, order: 'ascending' })
                )}
              >
                {trans.__('Sort ascending')}
              </button>
              <button
                role="menuitem"
                onClick={choose(() =>
                  props.onSort({ key: column.key, order: 'descending' })
                )}
              >
                {trans.__('Sort descending')}
              </button>
            </>
          )}
          {order !== null && (
            <button role="menuitem" onClick={choose(() => props.onSort(null))}>
              {trans.__('Clear sort')}
            </button>
          )}
          {column.category === 'metrics' && (
            <div
              role="group"
              className="jp-ExperimentsTable-menuGroup"
              aria-label={trans.__('Data aggregation')}
            >
              <div className="jp-ExperimentsTable-menuHeading" aria-hidden>
                {trans.__('Data aggregation')}
              </div>
              {METRIC_STATISTICS.map(statistic => (
                <button
                  key={statistic}
                  role="menuitemradio"
                  aria-checked={statistic === column.statistic}
                  onClick={choose(() => props.onStatistic(statistic))}
                >
                  {statisticLabel(statistic, trans)}
                </button>
              ))}
            </div>
          )}
          {column.key !== 'TrialComponentName' && (
            <button role="menuitem" onClick={choose(props.onHide)}>
              {trans.__('Hide column')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
