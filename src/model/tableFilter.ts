import type { TranslationBundle } from '@jupyterlab/translation';
import type { ISearchExpression, ISearchFilter } from '../tokens';
import { formatTime } from './format';
import type { ColumnKind, ITableColumn } from './tableColumns';

/**
 * Longest `Value` of a search filter, in characters, as in SageMaker's
 * Search API and the server's expression compiler.
 */
export const VALUE_MAX_LENGTH = 1024;

/** Maximum number of items in one `Filters` or `SubExpressions` list. */
export const FILTERS_PER_LIST = 20;

/** Maximum number of filters and sub-expressions in a whole expression. */
export const FILTERS_TOTAL = 50;

/**
 * Combination of the conditions of a filter. `And` matches rows that meet
 * every condition, and `Or` matches rows that meet any of them.
 */
export type FilterCombinator = 'And' | 'Or';

/** Operators that compare the column with one typed value. */
export type ValueOperator =
  | 'contains'
  | 'equals'
  | 'notEquals'
  | 'greaterThan'
  | 'greaterThanOrEqualTo'
  | 'lessThan'
  | 'lessThanOrEqualTo';

/**
 * A condition that compares a column with one value. `contains` ignores
 * case. The orderings need a number, and so do `equals` and `notEquals`
 * on `number` columns.
 */
export interface IValueCondition {
  /** Key of the column (`ITableColumn.key`). */
  column: string;
  operator: ValueOperator;
  /** The value as typed, with numbers as decimal text such as `1e-3`. */
  value: string;
}

/**
 * A condition that matches rows whose value is any of the picked values.
 */
export interface IOneOfCondition {
  column: string;
  operator: 'oneOf';
  /** The picked values, as the server's values route returns them. */
  values: (string | number)[];
}

/**
 * A condition on a time column: at or after `from` and at or before `to`.
 */
export interface IBetweenCondition {
  column: string;
  operator: 'between';
  /** Start of the range as ISO 8601 text, or `null` for no lower bound. */
  from: string | null;
  /** End of the range as ISO 8601 text, or `null` for no upper bound. */
  to: string | null;
}

/**
 * A condition on whether a row has any value in the column.
 */
export interface IPresenceCondition {
  column: string;
  operator: 'exists' | 'notExists';
}

/**
 * One condition of a table filter.
 */
export type IFilterCondition =
  IValueCondition | IOneOfCondition | IBetweenCondition | IPresenceCondition;

/** Every operator of a filter condition. */
export type FilterOperator = IFilterCondition['operator'];

/**
 * The filter of the trial component table.
 */
export interface ITableFilter {
  combinator: FilterCombinator;
  conditions: IFilterCondition[];
}

/**
 * Return a filter without conditions, which matches every row.
 */
export function emptyFilter(): ITableFilter {
  return { combinator: 'And', conditions: [] };
}

/** Operators of each column kind, with the default of a new condition first. */
const KIND_OPERATORS: { [kind in ColumnKind]: readonly FilterOperator[] } = {
  text: ['contains', 'equals', 'notEquals', 'oneOf', 'exists', 'notExists'],
  list: ['contains', 'equals', 'notEquals', 'oneOf', 'exists', 'notExists'],
  // Every component has a Type, and the server accepts only Equals,
  // NotEquals and In on it.
  choice: ['oneOf', 'equals', 'notEquals'],
  number: [
    'greaterThan',
    'greaterThanOrEqualTo',
    'lessThan',
    'lessThanOrEqualTo',
    'equals',
    'notEquals',
    'exists',
    'notExists'
  ],
  value: [
    'equals',
    'notEquals',
    'greaterThan',
    'greaterThanOrEqualTo',
    'lessThan',
    'lessThanOrEqualTo',
    'contains',
    'oneOf',
    'exists',
    'notExists'
  ],
  time: ['between', 'exists', 'notExists']
};

/** The Search API operator of each value operator. */
const SEARCH_OPERATORS: { [operator in ValueOperator]: string } = {
  contains: 'Contains',
  equals: 'Equals',
  notEquals: 'NotEquals',
  greaterThan: 'GreaterThan',
  greaterThanOrEqualTo: 'GreaterThanOrEqualTo',
  lessThan: 'LessThan',
  lessThanOrEqualTo: 'LessThanOrEqualTo'
};

const ORDERINGS: readonly FilterOperator[] = [
  'greaterThan',
  'greaterThanOrEqualTo',
  'lessThan',
  'lessThanOrEqualTo'
];

/**
 * Decimal numbers as SageMaker takes them in a filter `Value`. Python's
 * `float()` on the server reads the same text, while words such as `inf`
 * and digit separators are rejected here.
 */
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * ISO 8601 times that `Date.parse` and the server read alike. The offset
 * is required because the two read a time without one differently.
 */
const ISO_TIME_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Range of times that the server stores: epoch seconds 0 to 1e11 (1970 to
 * the year 5138).
 */
const TIME_MIN_MS = 0;
const TIME_MAX_MS = 1e14;

// ---------------------------------------------------------------------------
// Operators and conditions

/**
 * Return the operators that a column offers, the default one first.
 */
export function operatorsFor(column: ITableColumn): readonly FilterOperator[] {
  const operators = KIND_OPERATORS[column.kind];
  if (
    column.category === 'inputArtifacts' ||
    column.category === 'outputArtifacts'
  ) {
    // The server's values route does not list artifact values to pick from.
    return operators.filter(operator => operator !== 'oneOf');
  }
  return operators;
}

/**
 * Return the translated name of an operator as the operator menu shows it.
 * Columns of numbers name comparisons with symbols, other columns in words.
 */
export function operatorLabel(
  operator: FilterOperator,
  kind: ColumnKind,
  trans: TranslationBundle
): string {
  const numeric = kind === 'number' || kind === 'value';
  switch (operator) {
    case 'contains':
      return trans.__('contains');
    case 'equals':
      return numeric ? '=' : trans.__('is');
    case 'notEquals':
      return numeric ? '≠' : trans.__('is not');
    case 'greaterThan':
      return '>';
    case 'greaterThanOrEqualTo':
      return '≥';
    case 'lessThan':
      return '<';
    case 'lessThanOrEqualTo':
      return '≤';
    case 'oneOf':
      return trans.__('is one of');
    case 'between':
      return trans.__('is between');
    case 'exists':
      return trans.__('is set');
    case 'notExists':
      return trans.__('is not set');
  }
}

/**
 * Create a condition on a column with the column's default operator and
 * no value yet.
 */
export function newCondition(column: ITableColumn): IFilterCondition {
  return withOperator(
    { column: column.key, operator: 'exists' },
    operatorsFor(column)[0]
  );
}

/**
 * Return a condition with another operator, keeping what the user entered
 * where the new operator takes the same kind of value.
 */
export function withOperator(
  condition: IFilterCondition,
  operator: FilterOperator
): IFilterCondition {
  const column = condition.column;
  const typed = 'value' in condition ? condition.value : '';
  switch (operator) {
    case 'exists':
    case 'notExists':
      return { column, operator };
    case 'between':
      return condition.operator === 'between'
        ? { ...condition }
        : { column, operator, from: null, to: null };
    case 'oneOf':
      // Typed text is not carried over: it may match no value exactly, and
      // a number parameter's values are numbers, not text.
      return condition.operator === 'oneOf'
        ? { ...condition }
        : { column, operator, values: [] };
    default:
      if (condition.operator === 'oneOf' && condition.values.length === 1) {
        return { column, operator, value: String(condition.values[0]) };
      }
      return { column, operator, value: typed };
  }
}

/**
 * Return a condition on another column. The operator stays when the new
 * column offers it, and so does the value when the column kind is the same.
 */
export function withColumn(
  condition: IFilterCondition,
  previous: ITableColumn | undefined,
  next: ITableColumn
): IFilterCondition {
  if (
    previous?.kind !== next.kind ||
    !operatorsFor(next).includes(condition.operator)
  ) {
    return newCondition(next);
  }
  if (condition.operator === 'oneOf') {
    // Picked values belong to the previous column.
    return { column: next.key, operator: 'oneOf', values: [] };
  }
  return { ...condition, column: next.key };
}

// ---------------------------------------------------------------------------
// Validation

/**
 * Check a condition against its column.
 *
 * @param condition - The condition to check.
 * @param column - Its column, or `undefined` when the table has no column
 *   with the condition's key.
 * @param trans - Bundle that translates the message.
 * @returns A translated message saying what is wrong and how to fix it, or
 *   `null` when the condition is valid.
 */
export function validateCondition(
  condition: IFilterCondition,
  column: ITableColumn | undefined,
  trans: TranslationBundle
): string | null {
  if (column === undefined) {
    return condition.column === ''
      ? trans.__('Choose a column.')
      : trans.__(
          'The table has no column "%1". Choose another column.',
          condition.column
        );
  }
  if (!column.filterable) {
    return trans.__(
      'The column "%1" cannot be filtered. Choose another column.',
      column.label
    );
  }
  if (!operatorsFor(column).includes(condition.operator)) {
    return trans.__(
      'The operator "%1" does not apply to the column "%2". Choose another operator.',
      operatorLabel(condition.operator, column.kind, trans),
      column.label
    );
  }

  switch (condition.operator) {
    case 'exists':
    case 'notExists':
      return null;
    case 'between':
      return validateRange(condition, trans);
    case 'oneOf':
      return validatePick(condition, trans);
    default:
      return validateValue(condition, column, trans);
  }
}

function validateValue(
  condition: IValueCondition,
  column: ITableColumn,
  trans: TranslationBundle
): string | null {
  if (needsNumber(condition, column.kind)) {
    const text = condition.value.trim();
    if (text === '') {
      return trans.__('Enter a number.');
    }
    if (!isNumberText(text)) {
      return trans.__(
        '"%1" is not a number. Enter a number such as 0.95 or 1e-3.',
        text
      );
    }
    return null;
  }
  if (condition.value === '') {
    return trans.__('Enter a value.');
  }
  return lengthError(condition.value, trans);
}

function validatePick(
  condition: IOneOfCondition,
  trans: TranslationBundle
): string | null {
  if (condition.values.length === 0) {
    return trans.__('Pick at least one value.');
  }
  for (const value of condition.values) {
    if (value === '') {
      return trans.__(
        'Empty text cannot be searched for. Clear that value or use "is not set".'
      );
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return trans.__(
        'The value %1 cannot be searched for. Clear it.',
        String(value)
      );
    }
    const error = lengthError(String(value), trans);
    if (error !== null) {
      return error;
    }
  }
  if (
    !canUseIn(condition.values) &&
    condition.values.length > FILTERS_PER_LIST
  ) {
    return trans.__(
      'Pick at most %1 values when they are numbers or contain commas, not %2.',
      FILTERS_PER_LIST,
      condition.values.length
    );
  }
  return null;
}

function validateRange(
  condition: IBetweenCondition,
  trans: TranslationBundle
): string | null {
  const { from, to } = condition;
  if (!from && !to) {
    return trans.__('Enter a start time, an end time or both.');
  }
  const bounds: number[] = [];
  for (const time of [from, to]) {
    if (!time) {
      continue;
    }
    const ms = parseIsoTime(time);
    if (ms === null) {
      return trans.__(
        '"%1" is not a valid time. Enter it as 2026-01-31T12:00:00Z.',
        time
      );
    }
    if (ms < TIME_MIN_MS || ms >= TIME_MAX_MS) {
      return trans.__(
        'The time %1 is out of range. Enter a time between 1970 and the year 5138.',
        time
      );
    }
    bounds.push(ms);
  }
  if (bounds.length === 2 && bounds[0] > bounds[1]) {
    return trans.__(
      'The start time is after the end time. Swap them or change one.'
    );
  }
  return null;
}

function lengthError(text: string, trans: TranslationBundle): string | null {
  if (text.length > VALUE_MAX_LENGTH) {
    return trans.__(
      'The value is %1 characters long. Shorten it to at most %2 characters.',
      text.length,
      VALUE_MAX_LENGTH
    );
  }
  return null;
}

/**
 * Check the limits of SageMaker's Search API on a compiled expression: at
 * most `FILTERS_PER_LIST` items in each list and `FILTERS_TOTAL` items in
 * all. Single conditions never break them once valid, but many conditions
 * together can.
 *
 * @returns A translated message, or `null` when the expression fits.
 */
export function expressionLimitError(
  expression: ISearchExpression | null,
  trans: TranslationBundle
): string | null {
  if (expression === null) {
    return null;
  }
  let total = 0;
  let longest = 0;
  const visit = (node: ISearchExpression) => {
    const filters = node.Filters?.length ?? 0;
    const subExpressions = node.SubExpressions?.length ?? 0;
    total += filters + subExpressions;
    longest = Math.max(longest, filters, subExpressions);
    node.SubExpressions?.forEach(visit);
  };
  visit(expression);

  if (longest > FILTERS_PER_LIST || total > FILTERS_TOTAL) {
    return trans.__(
      'This filter needs too many search conditions: at most %1 in one group and %2 in all. Remove some conditions.',
      FILTERS_PER_LIST,
      FILTERS_TOTAL
    );
  }
  return null;
}

// ---------------------------------------------------------------------------
// Compilation to a SageMaker search expression

/**
 * Filters that one condition compiles to, with how they combine.
 */
interface IFilterGroup {
  operator: FilterCombinator;
  filters: ISearchFilter[];
}

/**
 * Compile a filter to the SageMaker search expression that the server's
 * `filter` parameter and `ExperimentAnalytics(search_expression=...)` take.
 *
 * Conditions should be valid (see `validateCondition`). A condition that
 * yields no search filter, such as a time range without ends, is left out.
 *
 * The output is kept short because users copy it. `Operator` appears only
 * when it is `Or`, since `And` is the Search API's default. A condition
 * with one filter goes straight into the `Filters` list, and only a
 * condition whose filters combine the other way becomes a sub-expression.
 * All values are text, as in SageMaker's API.
 *
 * @param filter - The filter to compile.
 * @param columns - Columns of the table, which name the searched property.
 * @returns The expression, or `null` when the filter has no conditions.
 */
export function toSearchExpression(
  filter: ITableFilter,
  columns: readonly ITableColumn[]
): ISearchExpression | null {
  const byKey = new Map(columns.map(column => [column.key, column]));
  const groups = filter.conditions
    .map(condition => compileCondition(condition, byKey.get(condition.column)))
    .filter(group => group.filters.length > 0);

  if (groups.length === 0) {
    return null;
  }
  if (groups.length === 1) {
    return expressionOf(groups[0].filters, [], groups[0].operator);
  }

  const filters: ISearchFilter[] = [];
  const subExpressions: ISearchExpression[] = [];
  for (const group of groups) {
    // A group that combines the same way as the filter, or has only one
    // filter, can join the filter's own list with the same meaning.
    if (group.filters.length === 1 || group.operator === filter.combinator) {
      filters.push(...group.filters);
    } else {
      subExpressions.push(expressionOf(group.filters, [], group.operator));
    }
  }
  return expressionOf(filters, subExpressions, filter.combinator);
}

function expressionOf(
  filters: ISearchFilter[],
  subExpressions: ISearchExpression[],
  operator: FilterCombinator
): ISearchExpression {
  const expression: ISearchExpression = {};
  if (filters.length > 0) {
    expression.Filters = filters;
  }
  if (subExpressions.length > 0) {
    expression.SubExpressions = subExpressions;
  }
  if (operator === 'Or') {
    expression.Operator = 'Or';
  }
  return expression;
}

function compileCondition(
  condition: IFilterCondition,
  column: ITableColumn | undefined
): IFilterGroup {
  const name = column
    ? (column.filterProperty ?? column.key)
    : condition.column;
  const single = (filter: ISearchFilter): IFilterGroup => ({
    operator: 'And',
    filters: [filter]
  });

  switch (condition.operator) {
    case 'exists':
      return single({ Name: name, Operator: 'Exists' });
    case 'notExists':
      return single({ Name: name, Operator: 'NotExists' });
    case 'between': {
      const filters: ISearchFilter[] = [];
      if (condition.from) {
        filters.push({
          Name: name,
          Operator: 'GreaterThanOrEqualTo',
          Value: condition.from
        });
      }
      if (condition.to) {
        filters.push({
          Name: name,
          Operator: 'LessThanOrEqualTo',
          Value: condition.to
        });
      }
      return { operator: 'And', filters };
    }
    case 'oneOf':
      return compilePick(name, condition.values);
    default: {
      const kind = column?.kind ?? 'text';
      const value = needsNumber(condition, kind)
        ? condition.value.trim()
        : condition.value;
      return single({
        Name: name,
        Operator: SEARCH_OPERATORS[condition.operator],
        Value: value
      });
    }
  }
}

/**
 * Compile picked values: one `Equals`, one `In` with the values joined by
 * commas, or, where `In` would split or not apply, `Equals` filters joined
 * with `Or`.
 */
function compilePick(name: string, values: (string | number)[]): IFilterGroup {
  if (values.length === 1) {
    return {
      operator: 'And',
      filters: [{ Name: name, Operator: 'Equals', Value: String(values[0]) }]
    };
  }
  if (canUseIn(values)) {
    return {
      operator: 'And',
      filters: [{ Name: name, Operator: 'In', Value: values.join(',') }]
    };
  }
  return {
    operator: 'Or',
    filters: values.map(value => ({
      Name: name,
      Operator: 'Equals',
      Value: String(value)
    }))
  };
}

/**
 * Tell whether one `In` filter matches exactly these values. SageMaker's
 * `In` applies to text only, and the server splits its value at commas and
 * strips spaces around each item, so values that a split would change
 * need `Equals` filters instead.
 */
function canUseIn(values: (string | number)[]): boolean {
  return (
    values.every(
      value =>
        typeof value === 'string' &&
        value !== '' &&
        !value.includes(',') &&
        value.trim() === value
    ) && values.join(',').length <= VALUE_MAX_LENGTH
  );
}

/**
 * Format an expression for the clipboard: JSON indented by two spaces. It
 * holds only objects, lists and strings, so the text is also a Python
 * literal to paste as `ExperimentAnalytics(search_expression=...)`.
 */
export function formatSearchExpression(expression: ISearchExpression): string {
  return JSON.stringify(expression, null, 2);
}

// ---------------------------------------------------------------------------
// Description

/**
 * Describe a filter in one line for a toolbar chip, such as
 * `test:accuracy (Max) > 0.9 and Status is Completed`.
 *
 * @returns The description, or an empty string when there are no
 *   conditions.
 */
export function describeFilter(
  filter: ITableFilter,
  columns: readonly ITableColumn[],
  trans: TranslationBundle
): string {
  const byKey = new Map(columns.map(column => [column.key, column]));
  const parts = filter.conditions.map(condition =>
    describeCondition(condition, byKey.get(condition.column), trans)
  );
  if (parts.length === 0) {
    return '';
  }
  return parts.reduce((text, part) =>
    filter.combinator === 'And'
      ? trans.__('%1 and %2', text, part)
      : trans.__('%1 or %2', text, part)
  );
}

/** Maximum number of picked values that a description lists by name. */
const DESCRIBED_VALUES = 3;

/**
 * Describe one condition, such as `Status is Completed`.
 */
export function describeCondition(
  condition: IFilterCondition,
  column: ITableColumn | undefined,
  trans: TranslationBundle
): string {
  const label = column?.label ?? condition.column;
  const kind = column?.kind ?? 'text';
  const operator = operatorLabel(condition.operator, kind, trans);

  switch (condition.operator) {
    case 'exists':
      return trans.__('%1 is set', label);
    case 'notExists':
      return trans.__('%1 is not set', label);
    case 'contains':
      return trans.__('%1 contains %2', label, condition.value);
    case 'between':
      return describeRange(label, condition, trans);
    case 'oneOf': {
      const values = condition.values.map(String);
      if (values.length === 1) {
        return trans.__('%1 is %2', label, values[0]);
      }
      if (values.length <= DESCRIBED_VALUES) {
        return trans.__('%1 is one of %2', label, values.join(', '));
      }
      const hidden = values.length - DESCRIBED_VALUES;
      // In plural messages `%1` is the count and the arguments follow.
      return trans._n(
        '%2 is one of %3 and %1 more value',
        '%2 is one of %3 and %1 more values',
        hidden,
        label,
        values.slice(0, DESCRIBED_VALUES).join(', ')
      );
    }
    default:
      // The operator is a symbol or a word of its own translation.
      return trans.__('%1 %2 %3', label, operator, condition.value);
  }
}

function describeRange(
  label: string,
  condition: IBetweenCondition,
  trans: TranslationBundle
): string {
  const from = condition.from ? formatTime(condition.from) : '';
  const to = condition.to ? formatTime(condition.to) : '';
  if (from && to) {
    return trans.__('%1 from %2 to %3', label, from, to);
  }
  if (from) {
    return trans.__('%1 from %2', label, from);
  }
  if (to) {
    return trans.__('%1 until %2', label, to);
  }
  return label;
}

// ---------------------------------------------------------------------------
// Values

/**
 * Tell whether text is a decimal number that a search filter accepts.
 */
export function isNumberText(text: string): boolean {
  return NUMBER_PATTERN.test(text) && Number.isFinite(Number(text));
}

function needsNumber(condition: IValueCondition, kind: ColumnKind): boolean {
  return (
    ORDERINGS.includes(condition.operator) ||
    (kind === 'number' && condition.operator !== 'contains')
  );
}

/**
 * Parse ISO 8601 text to epoch milliseconds, or `null` when it is not an
 * ISO time with an offset.
 */
function parseIsoTime(text: string): number | null {
  if (!ISO_TIME_PATTERN.test(text)) {
    return null;
  }
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}
