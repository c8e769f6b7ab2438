import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useEffect, useRef, useState } from 'react';
import {
  categoryLabel,
  COLUMN_CATEGORIES,
  type ColumnCategory,
  type ColumnVisibility,
  type ITableColumn,
  isColumnVisible
} from '../model/tableColumns';

/**
 * Properties of `TableProperties`.
 */
export interface ITablePropertiesProps {
  /** Every column of the table. */
  columns: ITableColumn[];
  visibility: ColumnVisibility;
  trans: TranslationBundle;
  /** Called with the columns to show (`true`) or hide (`false`). */
  onChange: (changes: ColumnVisibility) => void;
  onClose: () => void;
}

/**
 * Render the TABLE PROPERTIES pane, which shows and hides columns one at a
 * time or a whole category at once, with a search box over column names.
 */
export function TableProperties(props: ITablePropertiesProps): JSX.Element {
  const { columns, visibility, trans } = props;
  const [query, setQuery] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  const needle = query.trim().toLowerCase();
  const matches = (column: ITableColumn) =>
    needle === '' || column.label.toLowerCase().includes(needle);

  return (
    <div
      className="jp-ExperimentsTableProperties"
      role="region"
      aria-label={trans.__('Table properties')}
      onKeyDown={event => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onClose();
        }
      }}
    >
      <div className="jp-ExperimentsTableProperties-header">
        <h2>{trans.__('TABLE PROPERTIES')}</h2>
        <button
          className="jp-ExperimentsTableProperties-close"
          aria-label={trans.__('Close table properties')}
          title={trans.__('Close table properties')}
          onClick={props.onClose}
        >
          ×
        </button>
      </div>
      <input
        ref={searchRef}
        type="search"
        className="jp-ExperimentsTableProperties-search"
        placeholder={trans.__('Search columns')}
        aria-label={trans.__('Search columns')}
        value={query}
        onChange={event => setQuery(event.target.value)}
      />
      <div className="jp-ExperimentsTableProperties-list">
        {COLUMN_CATEGORIES.map(category => {
          const members = columns.filter(
            column => column.category === category
          );
          const shown = members.filter(matches);
          if (shown.length === 0) {
            return null;
          }
          return (
            <CategoryGroup
              key={category}
              category={category}
              columns={shown}
              visibility={visibility}
              trans={trans}
              onChange={props.onChange}
            />
          );
        })}
      </div>
    </div>
  );
}

/**
 * Properties of `CategoryGroup`.
 */
interface ICategoryGroupProps {
  category: ColumnCategory;
  columns: ITableColumn[];
  visibility: ColumnVisibility;
  trans: TranslationBundle;
  onChange: (changes: ColumnVisibility) => void;
}

/**
 * Render one category: a checkbox for all its listed columns, then one per column.
 */
function CategoryGroup(props: ICategoryGroupProps): JSX.Element {
  const { category, columns, visibility, trans } = props;
  const boxRef = useRef<HTMLInputElement>(null);
  const visibleCount = columns.filter(column =>
    isColumnVisible(column, visibility)
  ).length;
  const all = visibleCount === columns.length;
  const some = visibleCount > 0 && !all;

  useEffect(() => {
    if (boxRef.current) {
      boxRef.current.indeterminate = some;
    }
  }, [some]);

  const setAll = (visible: boolean) => {
    const changes: ColumnVisibility = {};
    for (const column of columns) {
      // The name identifies rows, so it always stays.
      if (column.key !== 'TrialComponentName') {
        changes[column.key] = visible;
      }
    }
    props.onChange(changes);
  };

  const label = categoryLabel(category, trans);
  return (
    <fieldset className="jp-ExperimentsTableProperties-category">
      <legend>
        <label>
          <input
            ref={boxRef}
            type="checkbox"
            checked={all}
            aria-checked={some ? 'mixed' : all}
            onChange={() => setAll(!all)}
          />
          {trans.__('%1 (%2 of %3)', label, visibleCount, columns.length)}
        </label>
      </legend>
      {columns.map(column => (
        <label
          key={column.key}
          className="jp-ExperimentsTableProperties-column"
          title={column.key}
        >
          <input
            type="checkbox"
            checked={isColumnVisible(column, visibility)}
            disabled={column.key === 'TrialComponentName'}
            onChange={event =>
              props.onChange({ [column.key]: event.target.checked })
            }
          />
          {column.label}
        </label>
      ))}
    </fieldset>
  );
}
