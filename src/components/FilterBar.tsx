import type { TranslationBundle } from '@jupyterlab/translation';
import { closeIcon } from '@jupyterlab/ui-components';
import React, { useEffect, useId, useRef, useState } from 'react';
import {
  categoryLabel,
  COLUMN_CATEGORIES,
  type ColumnCategory,
  type ITableColumn
} from '../model/tableColumns';
import {
  expressionLimitError,
  newCondition,
  operatorLabel,
  operatorsFor,
  toSearchExpression,
  validateCondition,
  withColumn,
  withOperator,
  type FilterCombinator,
  type FilterOperator,
  type IBetweenCondition,
  type IFilterCondition,
  type IOneOfCondition,
  type ITableFilter,
  type IValueCondition
} from '../model/tableFilter';
import { isoToLocalInput, localInputToIso } from '../model/localTime';
import type { IColumnValues, ISearchExpression } from '../tokens';

/** Milliseconds between the last key press in a value search and the request. */
const SEARCH_DELAY = 250;

/**
 * Properties of `FilterBar`.
 */
export interface IFilterBarProps {
  /**
   * The applied filter. The bar edits a draft of it, and starts a new
   * draft when the parent passes another filter than the one it applied.
   */
  filter: ITableFilter;
  /** Columns that conditions can name. */
  columns: readonly ITableColumn[];
  trans: TranslationBundle;
  /** Called by Apply with the valid conditions of the draft. */
  onApply: (filter: ITableFilter) => void;
  /** Called with the search expression of the valid conditions, to copy. */
  onCopyExpression: (expression: ISearchExpression) => void;
  /** Fetch the distinct values of a column that contain `searchText`. */
  loadValues: (columnKey: string, searchText: string) => Promise<IColumnValues>;
}

/**
 * A condition being edited, with a stable key for React.
 */
interface IRow {
  id: number;
  condition: IFilterCondition;
  /** Whether to show the row's error: after Apply, or once a value lost focus. */
  touched: boolean;
}

let nextRowId = 0;

function toRows(filter: ITableFilter): IRow[] {
  return filter.conditions.map(condition => ({
    id: nextRowId++,
    condition,
    touched: true
  }));
}

/**
 * Edit the filter of the trial component table: one row per condition,
 * a choice between matching all or any conditions, Apply, and a button
 * that copies the filter as a SageMaker search expression.
 */
export function FilterBar(props: IFilterBarProps): JSX.Element {
  const { columns, trans } = props;
  const id = useId();
  const [rows, setRows] = useState<IRow[]>(() => toRows(props.filter));
  const [combinator, setCombinator] = useState<FilterCombinator>(
    props.filter.combinator
  );
  const [message, setMessage] = useState<string | null>(null);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const [source, setSource] = useState(props.filter);
  // The filter this bar emitted last. When the parent passes it back, the
  // draft stays, so invalid rows keep their messages after Apply.
  const applied = useRef<ITableFilter | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  if (source !== props.filter) {
    setSource(props.filter);
    if (props.filter !== applied.current) {
      setRows(toRows(props.filter));
      setCombinator(props.filter.combinator);
      setMessage(null);
    }
  }

  const byKey = new Map(columns.map(column => [column.key, column]));
  const errorOf = (row: IRow) =>
    validateCondition(row.condition, byKey.get(row.condition.column), trans);
  const draft = (): ITableFilter => ({
    combinator,
    conditions: rows
      .filter(row => errorOf(row) === null)
      .map(row => row.condition)
  });
  const expression = toSearchExpression(draft(), columns);

  const updateRow = (rowId: number, change: (row: IRow) => IRow) => {
    setRows(current =>
      current.map(row => (row.id === rowId ? change(row) : row))
    );
  };

  const addRow = () => {
    if (columns.length === 0) {
      return;
    }
    const row = {
      id: nextRowId++,
      condition: newCondition(columns[0]),
      touched: false
    };
    setRows(current => [...current, row]);
    setFocusRow(row.id);
  };

  const removeRow = (rowId: number) => {
    setRows(current => current.filter(row => row.id !== rowId));
    addButton.current?.focus();
  };

  const apply = () => {
    const filter = draft();
    const limitError = expressionLimitError(
      toSearchExpression(filter, columns),
      trans
    );
    setRows(current => current.map(row => ({ ...row, touched: true })));
    if (limitError !== null) {
      setMessage(limitError);
      return;
    }
    const invalid = rows.length - filter.conditions.length;
    setMessage(
      invalid > 0
        ? trans._n(
            '%1 condition is not valid and was not applied.',
            '%1 conditions are not valid and were not applied.',
            invalid
          )
        : null
    );
    applied.current = filter;
    props.onApply(filter);
  };

  return (
    <form
      className="jp-ExperimentsFilterBar"
      aria-label={trans.__('Filter trial components')}
      onSubmit={event => {
        event.preventDefault();
        apply();
      }}
    >
      {rows.length === 0 ? (
        <p className="jp-ExperimentsFilterBar-empty">
          {trans.__('No conditions: every trial component is shown.')}
        </p>
      ) : (
        <div className="jp-ExperimentsFilterBar-rows">
          {rows.map((row, index) => (
            <ConditionRow
              key={row.id}
              id={`${id}-${row.id}`}
              index={index}
              condition={row.condition}
              columns={columns}
              error={row.touched ? errorOf(row) : null}
              autoFocus={row.id === focusRow}
              trans={trans}
              loadValues={props.loadValues}
              onChange={condition =>
                updateRow(row.id, current => ({ ...current, condition }))
              }
              onTouch={() =>
                updateRow(row.id, current => ({ ...current, touched: true }))
              }
              onRemove={() => removeRow(row.id)}
            />
          ))}
        </div>
      )}
      <div className="jp-ExperimentsFilterBar-actions">
        <button
          ref={addButton}
          type="button"
          className="jp-ExperimentsFilterBar-button"
          disabled={columns.length === 0}
          onClick={addRow}
        >
          {trans.__('Add filter')}
        </button>
        <div
          className="jp-ExperimentsFilterBar-combinator"
          role="radiogroup"
          aria-label={trans.__('How conditions combine')}
        >
          <label>
            <input
              type="radio"
              name={`${id}-combinator`}
              checked={combinator === 'And'}
              onChange={() => setCombinator('And')}
            />
            {trans.__('Match all (AND)')}
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-combinator`}
              checked={combinator === 'Or'}
              onChange={() => setCombinator('Or')}
            />
            {trans.__('Match any (OR)')}
          </label>
        </div>
        <span className="jp-ExperimentsFilterBar-spacer" />
        <button
          type="button"
          className="jp-ExperimentsFilterBar-button"
          disabled={expression === null}
          title={trans.__(
            'Copy the valid conditions as a search expression for ExperimentAnalytics(search_expression=...)'
          )}
          onClick={() => {
            if (expression !== null) {
              props.onCopyExpression(expression);
            }
          }}
        >
          {trans.__('Copy as search expression')}
        </button>
        <button
          type="submit"
          className="jp-ExperimentsFilterBar-button jp-mod-accept"
        >
          {trans.__('Apply')}
        </button>
      </div>
      <div className="jp-ExperimentsFilterBar-message" role="status">
        {message}
      </div>
    </form>
  );
}

/**
 * Properties of `ConditionRow`.
 */
interface IConditionRowProps {
  /** Prefix of the DOM ids of the row's controls, unique in the page. */
  id: string;
  index: number;
  condition: IFilterCondition;
  columns: readonly ITableColumn[];
  /** The message to show, or `null` when the row is valid or untouched. */
  error: string | null;
  /** Whether the column menu takes the focus when the row appears. */
  autoFocus: boolean;
  trans: TranslationBundle;
  loadValues: IFilterBarProps['loadValues'];
  onChange: (condition: IFilterCondition) => void;
  onTouch: () => void;
  onRemove: () => void;
}

/**
 * Render one condition: column, operator, value inputs and a remove button.
 */
function ConditionRow(props: IConditionRowProps): JSX.Element {
  const { condition, trans, id } = props;
  const columnMenu = useRef<HTMLSelectElement>(null);
  const column = props.columns.find(item => item.key === condition.column);
  const errorId = `${id}-error`;
  const hasValue =
    condition.operator !== 'exists' && condition.operator !== 'notExists';
  // The value inputs carry the error. A row without a value shows it on
  // the column menu, because the column is then what is wrong.
  const invalid = props.error !== null;
  const describedBy = invalid ? errorId : undefined;

  useEffect(() => {
    if (props.autoFocus) {
      columnMenu.current?.focus();
    }
  }, []);

  const operators: readonly FilterOperator[] = column
    ? operatorsFor(column)
    : [condition.operator];

  return (
    <div
      className="jp-ExperimentsFilterBar-row"
      role="group"
      aria-label={trans.__('Condition %1', props.index + 1)}
    >
      <label htmlFor={`${id}-column`} className="jp-sr-only">
        {trans.__('Column')}
      </label>
      <select
        ref={columnMenu}
        id={`${id}-column`}
        className="jp-ExperimentsFilterBar-column"
        value={condition.column}
        aria-invalid={invalid && !hasValue}
        aria-describedby={!hasValue ? describedBy : undefined}
        onChange={event => {
          const next = props.columns.find(
            item => item.key === event.currentTarget.value
          );
          if (next) {
            props.onChange(withColumn(condition, column, next));
          }
        }}
      >
        {column === undefined && (
          <option value={condition.column}>{condition.column}</option>
        )}
        <ColumnOptions columns={props.columns} trans={trans} />
      </select>
      <label htmlFor={`${id}-operator`} className="jp-sr-only">
        {trans.__('Operator')}
      </label>
      <select
        id={`${id}-operator`}
        className="jp-ExperimentsFilterBar-operator"
        value={condition.operator}
        onChange={event =>
          props.onChange(
            withOperator(condition, event.currentTarget.value as FilterOperator)
          )
        }
      >
        {operators.map(operator => (
          <option key={operator} value={operator}>
            {operatorLabel(operator, column?.kind ?? 'text', trans)}
          </option>
        ))}
      </select>
      <div className="jp-ExperimentsFilterBar-value">
        <ValueEditor
          id={id}
          condition={condition}
          column={column}
          invalid={invalid}
          describedBy={describedBy}
          trans={trans}
          loadValues={props.loadValues}
          onChange={props.onChange}
          onTouch={props.onTouch}
        />
      </div>
      <button
        type="button"
        className="jp-ExperimentsFilterBar-remove"
        aria-label={trans.__('Remove condition %1', props.index + 1)}
        title={trans.__('Remove this condition')}
        onClick={props.onRemove}
      >
        <closeIcon.react tag="span" />
      </button>
      {invalid && (
        <div id={errorId} className="jp-ExperimentsFilterBar-error">
          {props.error}
        </div>
      )}
    </div>
  );
}

/**
 * Options of the column menu, grouped as in the table properties pane.
 */
function ColumnOptions(props: {
  columns: readonly ITableColumn[];
  trans: TranslationBundle;
}): JSX.Element {
  const { trans } = props;
  const groups: [ColumnCategory, string][] = COLUMN_CATEGORIES.map(category => [
    category,
    categoryLabel(category, trans)
  ]);
  return (
    <>
      {groups.map(([category, label]) => {
        const members = props.columns.filter(
          column => column.category === category
        );
        if (members.length === 0) {
          return null;
        }
        return (
          <optgroup key={category} label={label}>
            {members.map(column => (
              <option key={column.key} value={column.key}>
                {column.label}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}

/**
 * Properties of `ValueEditor` and the editors it picks from.
 */
interface IValueEditorProps {
  id: string;
  condition: IFilterCondition;
  column: ITableColumn | undefined;
  invalid: boolean;
  /** Id of the error message, when the row shows one. */
  describedBy: string | undefined;
  trans: TranslationBundle;
  loadValues: IFilterBarProps['loadValues'];
  onChange: (condition: IFilterCondition) => void;
  onTouch: () => void;
}

/**
 * Render the inputs that a condition's operator takes.
 */
function ValueEditor(props: IValueEditorProps): JSX.Element | null {
  const { condition } = props;
  switch (condition.operator) {
    case 'exists':
    case 'notExists':
      return null;
    case 'between':
      return <RangeEditor {...props} condition={condition} />;
    case 'oneOf':
      // A new column starts a new picker, without the old column's values.
      return (
        <ValuePicker key={condition.column} {...props} condition={condition} />
      );
    default:
      return <TextEditor {...props} condition={condition} />;
  }
}

/**
 * Render a text box for one value.
 */
function TextEditor(
  props: IValueEditorProps & { condition: IValueCondition }
): JSX.Element {
  const { condition, trans } = props;
  const numeric =
    props.column?.kind === 'number' ||
    (condition.operator !== 'equals' &&
      condition.operator !== 'notEquals' &&
      condition.operator !== 'contains');
  return (
    <>
      <label htmlFor={`${props.id}-value`} className="jp-sr-only">
        {trans.__('Value')}
      </label>
      <input
        id={`${props.id}-value`}
        type="text"
        className="jp-ExperimentsFilterBar-input"
        inputMode={numeric ? 'decimal' : 'text'}
        placeholder={numeric ? trans.__('Number') : trans.__('Value')}
        value={condition.value}
        aria-invalid={props.invalid}
        aria-describedby={props.describedBy}
        onChange={event =>
          props.onChange({ ...condition, value: event.currentTarget.value })
        }
        onBlur={() => {
          if (condition.value !== '') {
            props.onTouch();
          }
        }}
      />
    </>
  );
}

/**
 * Render inputs for the local start and end time of a range, which the
 * condition stores as UTC ISO text.
 */
function RangeEditor(
  props: IValueEditorProps & { condition: IBetweenCondition }
): JSX.Element {
  const { condition, trans } = props;
  const field = (end: 'from' | 'to', label: string) => (
    <span className="jp-ExperimentsFilterBar-rangeField">
      <label htmlFor={`${props.id}-${end}`}>{label}</label>
      <input
        id={`${props.id}-${end}`}
        type="datetime-local"
        className="jp-ExperimentsFilterBar-input"
        value={isoToLocalInput(condition[end])}
        aria-invalid={props.invalid}
        aria-describedby={props.describedBy}
        onChange={event => {
          const text = event.currentTarget.value;
          // Text that does not convert is kept, so the row reports it.
          const iso = text === '' ? null : (localInputToIso(text) ?? text);
          props.onChange({ ...condition, [end]: iso });
        }}
        onBlur={props.onTouch}
      />
    </span>
  );
  return (
    <span className="jp-ExperimentsFilterBar-range">
      {field('from', trans.__('From'))}
      {field('to', trans.__('To'))}
    </span>
  );
}

/**
 * Render check boxes for the values of a column, with a box that searches
 * them. Picked values stay listed even when the search excludes them.
 */
function ValuePicker(
  props: IValueEditorProps & { condition: IOneOfCondition }
): JSX.Element {
  const { condition, trans, loadValues } = props;
  const [search, setSearch] = useState('');
  const [result, setResult] = useState<IColumnValues | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    const timer = window.setTimeout(
      () => {
        loadValues(condition.column, search).then(
          values => {
            if (!cancelled) {
              setResult(values);
              setLoadError(null);
              setLoading(false);
            }
          },
          (error: unknown) => {
            if (!cancelled) {
              setLoadError(
                error instanceof Error ? error.message : String(error)
              );
              setLoading(false);
            }
          }
        );
      },
      search === '' ? 0 : SEARCH_DELAY
    );
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [condition.column, search]);

  const picked = new Set(condition.values.map(valueKey));
  const loaded = result?.values ?? [];
  const loadedKeys = new Set(loaded.map(valueKey));
  const listedValues = [
    ...condition.values.filter(value => !loadedKeys.has(valueKey(value))),
    ...loaded
  ];

  const toggle = (value: string | number, checked: boolean) => {
    const key = valueKey(value);
    const values = checked
      ? [...condition.values, value]
      : condition.values.filter(item => valueKey(item) !== key);
    props.onChange({ ...condition, values });
    props.onTouch();
  };

  let status = '';
  if (loadError !== null) {
    status = trans.__('Could not load the values: %1', loadError);
  } else if (loading && result === null) {
    status = trans.__('Loading values…');
  } else if (listedValues.length === 0) {
    status = search
      ? trans.__('No value contains "%1".', search)
      : trans.__('This column has no values.');
  } else if (result?.truncated) {
    status = trans.__(
      'Only the first %1 values are listed. Search to find others.',
      loaded.length
    );
  }

  return (
    <div className="jp-ExperimentsFilterBar-picker">
      <label htmlFor={`${props.id}-search`} className="jp-sr-only">
        {trans.__('Search values')}
      </label>
      <input
        id={`${props.id}-search`}
        type="search"
        className="jp-ExperimentsFilterBar-input"
        placeholder={trans.__('Search values')}
        value={search}
        onChange={event => setSearch(event.currentTarget.value)}
        onKeyDown={event => {
          // Enter in the search box must not submit the whole filter.
          if (event.key === 'Enter') {
            event.preventDefault();
          }
        }}
      />
      <div
        className="jp-ExperimentsFilterBar-values"
        role="group"
        aria-label={trans.__('Values')}
        aria-invalid={props.invalid}
        aria-describedby={props.describedBy}
        aria-busy={loading}
      >
        {listedValues.map((value, index) => {
          const key = valueKey(value);
          const inputId = `${props.id}-value-${index}`;
          return (
            <div key={key} className="jp-ExperimentsFilterBar-option">
              <input
                id={inputId}
                type="checkbox"
                checked={picked.has(key)}
                onChange={event => toggle(value, event.currentTarget.checked)}
              />
              <label htmlFor={inputId}>{valueText(value, trans)}</label>
            </div>
          );
        })}
      </div>
      {status && (
        <div className="jp-ExperimentsFilterBar-pickerStatus" role="status">
          {status}
        </div>
      )}
    </div>
  );
}

/**
 * Return a key that distinguishes the number 1 from the text `1`, because
 * a parameter can contain either.
 */
function valueKey(value: string | number): string {
  return `${typeof value}:${value}`;
}

function valueText(value: string | number, trans: TranslationBundle): string {
  if (value === '') {
    return trans.__('(empty text)');
  }
  return String(value);
}
