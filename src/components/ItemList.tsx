import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { BrowserItem } from '../model/location';
import { clickSelectMode, type SelectMode } from '../model/selection';
import type { IColumn } from './columns';

/**
 * Height of one row in pixels. Rows have a fixed height so that only the
 * visible ones need to be in the DOM.
 */
export const ROW_HEIGHT = 26;

/** Rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 10;

/** Start loading the next page this many rows before the end. */
const LOAD_MORE_THRESHOLD = 30;

/**
 * Properties of `ItemList`.
 */
export interface IItemListProps {
  /** Prefix of the DOM ids of rows, unique in the page. */
  id: string;
  /** Translated accessible name of the grid. */
  label: string;
  columns: IColumn[];
  items: readonly BrowserItem[];
  /** Keys of the selected rows. */
  selected: ReadonlySet<string>;
  /** Key of the row with the keyboard focus. */
  focus: string | null;
  /** Changes whenever the level changes; the list then scrolls to the top. */
  scrollKey: string;
  /** Whether more rows can be loaded. */
  hasMore: boolean;
  loading: boolean;
  /** Text shown when there are no rows. */
  emptyMessage: string;
  trans: TranslationBundle;
  /** Called to change the selection by a click or key press. */
  onSelect: (key: string, mode: SelectMode) => void;
  /** Called to select every loaded row. */
  onSelectAll: () => void;
  /** Called on double-click or Enter. */
  onOpen: (item: BrowserItem) => void;
  /** Called on Backspace, to go up one level. */
  onUp: () => void;
  /** Called on the Delete key. */
  onDelete: () => void;
  /** Called when the user scrolls near the end of the loaded rows. */
  onLoadMore: () => void;
}

/**
 * Render a virtualised, keyboard-navigable grid of experiments, trials or
 * trial components.
 *
 * The grid element keeps the DOM focus and points to the focused row with
 * `aria-activedescendant`, which works even though off-screen rows are not
 * rendered.
 */
export function ItemList(props: IItemListProps): JSX.Element {
  const { items, selected, focus } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(400);
  const [viewWidth, setViewWidth] = useState(300);

  // Track the viewport size: the number of rendered rows follows the
  // height, and the number of columns follows the width, so widening the
  // sidebar reveals more columns as in SageMaker Studio.
  useLayoutEffect(() => {
    const node = scrollRef.current;
    if (!node) {
      return;
    }
    const measure = () => {
      setViewHeight(node.clientHeight || 400);
      setViewWidth(node.clientWidth || 300);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  // A new level starts at the top; live updates of the same level keep
  // the scroll position because this key does not change.
  useLayoutEffect(() => {
    if (scrollRef.current) {
      scrollRef.current.scrollTop = 0;
    }
    setScrollTop(0);
  }, [props.scrollKey]);

  // Keep the focused row visible when it moves by keyboard or after going up.
  useLayoutEffect(() => {
    const node = scrollRef.current;
    const index = items.findIndex(item => item.key === focus);
    if (!node || index < 0) {
      return;
    }
    const top = index * ROW_HEIGHT;
    const bottom = top + ROW_HEIGHT;
    const header = ROW_HEIGHT;
    if (top < node.scrollTop) {
      node.scrollTop = top;
    } else if (bottom + header > node.scrollTop + node.clientHeight) {
      node.scrollTop = bottom + header - node.clientHeight;
    }
    // Only a change of focus scrolls; a reload with the same focus does not.
  }, [focus]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    items.length,
    Math.ceil((scrollTop + viewHeight) / ROW_HEIGHT) + OVERSCAN
  );

  useEffect(() => {
    if (
      props.hasMore &&
      !props.loading &&
      last >= items.length - LOAD_MORE_THRESHOLD
    ) {
      props.onLoadMore();
    }
  }, [last, items.length, props.hasMore, props.loading]);

  const keys = items.map(item => item.key);
  const focusIndex = keys.indexOf(focus ?? '');
  const columns = fittingColumns(props.columns, viewWidth);
  const template = columns
    .map(column => `minmax(${column.minWidth}px, ${column.grow}fr)`)
    .join(' ');

  const moveFocus = (index: number, event: React.KeyboardEvent) => {
    if (items.length === 0) {
      return;
    }
    const clamped = Math.max(0, Math.min(items.length - 1, index));
    const mode: SelectMode = event.shiftKey
      ? 'range'
      : event.ctrlKey || event.metaKey
        ? 'toggle'
        : 'replace';
    props.onSelect(keys[clamped], mode);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(viewHeight / ROW_HEIGHT) - 1);
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
        moveFocus(items.length - 1, event);
        break;
      case 'Enter':
        if (focusIndex >= 0) {
          props.onOpen(items[focusIndex]);
        }
        break;
      case 'Backspace':
        props.onUp();
        break;
      case 'Delete':
        props.onDelete();
        break;
      case ' ':
        if (focusIndex >= 0) {
          props.onSelect(
            keys[focusIndex],
            event.ctrlKey || event.metaKey ? 'toggle' : 'replace'
          );
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
      // Right-click keeps a multi-selection that contains the row, so the
      // context menu acts on all of it, as in file browsers.
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

  const rows: JSX.Element[] = [];
  for (let index = first; index < last; index++) {
    const item = items[index];
    const isSelected = selected.has(item.key);
    const classes = [
      'jp-ExperimentsBrowser-row',
      `jp-type-${item.kind}`,
      isSelected ? 'jp-mod-selected' : '',
      item.key === focus ? 'jp-mod-focused' : ''
    ].join(' ');
    rows.push(
      <div
        key={item.key}
        id={`${props.id}-row-${index}`}
        className={classes}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={isSelected}
        data-key={item.key}
        style={{
          top: index * ROW_HEIGHT,
          height: ROW_HEIGHT,
          gridTemplateColumns: template
        }}
        onMouseDown={event => onRowMouseDown(event, item.key)}
        onDoubleClick={() => props.onOpen(item)}
      >
        {columns.map(column => {
          const text = column.renderCell(item);
          return (
            <div
              key={column.id}
              role="gridcell"
              className="jp-ExperimentsBrowser-cell"
              data-column={column.id}
              title={column.renderTitle ? column.renderTitle(item) : text}
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
      className="jp-ExperimentsBrowser-grid"
      role="grid"
      aria-label={props.label}
      aria-multiselectable={true}
      aria-rowcount={items.length + 1}
      aria-busy={props.loading}
      aria-activedescendant={
        focusIndex >= 0 ? `${props.id}-row-${focusIndex}` : undefined
      }
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={event => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div
        className="jp-ExperimentsBrowser-header"
        role="row"
        aria-rowindex={1}
        style={{ gridTemplateColumns: template, height: ROW_HEIGHT }}
      >
        {columns.map(column => (
          <div
            key={column.id}
            role="columnheader"
            className="jp-ExperimentsBrowser-headerCell"
            data-column={column.id}
          >
            {column.label}
          </div>
        ))}
      </div>
      <div
        className="jp-ExperimentsBrowser-body"
        role="rowgroup"
        style={{ height: items.length * ROW_HEIGHT }}
      >
        {rows}
      </div>
      {items.length === 0 && !props.loading && props.emptyMessage && (
        <div className="jp-ExperimentsBrowser-empty" role="status">
          {props.emptyMessage}
        </div>
      )}
    </div>
  );
}

/**
 * Return the leading columns whose minimum widths fit in `width`. The
 * first column (the name) is always shown.
 */
export function fittingColumns(columns: IColumn[], width: number): IColumn[] {
  const visible: IColumn[] = [];
  let used = 0;
  for (const column of columns) {
    used += column.minWidth;
    if (visible.length > 0 && used > width) {
      break;
    }
    visible.push(column);
  }
  return visible;
}
