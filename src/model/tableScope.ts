import type { TranslationBundle } from '@jupyterlab/translation';
import type { ISearchExpression, ISearchFilter, ITableScope } from '../tokens';
import type { BrowserItem } from './location';
import { FILTERS_PER_LIST, VALUE_MAX_LENGTH } from './tableFilter';

/**
 * Return the scope of a table opened on items of the Experiments panel:
 * the selected experiments, trials, components and the unassigned entry.
 */
export function scopeOfItems(items: readonly BrowserItem[]): ITableScope {
  const scope: ITableScope = {};
  const add = (
    key: 'experiments' | 'trials' | 'trial_components',
    name: string
  ) => {
    const list = scope[key] ?? [];
    if (!list.includes(name)) {
      list.push(name);
    }
    scope[key] = list;
  };
  for (const item of items) {
    switch (item.kind) {
      case 'experiment':
        add('experiments', item.experiment.name);
        break;
      case 'trial':
        add('trials', item.trial.name);
        break;
      case 'trialComponent':
        add('trial_components', item.trialComponent.name);
        break;
      case 'unassigned':
        scope.unassigned = true;
        break;
    }
  }
  return scope;
}

/**
 * Most names a table's scope may list; the server rejects larger scopes.
 */
export const SCOPE_NAMES_MAX = 1000;

/**
 * Return the number of entries of a scope, counting the unassigned entry.
 */
export function scopeSize(scope: ITableScope): number {
  return (
    (scope.experiments?.length ?? 0) +
    (scope.trials?.length ?? 0) +
    (scope.trial_components?.length ?? 0) +
    (scope.unassigned ? 1 : 0)
  );
}

/**
 * Tell whether a scope selects nothing.
 */
export function isEmptyScope(scope: ITableScope): boolean {
  return (
    !scope.unassigned &&
    !scope.experiments?.length &&
    !scope.trials?.length &&
    !scope.trial_components?.length
  );
}

/**
 * Return the scope in a canonical form: sorted names, no empty lists, so
 * that the same selection always gives the same tab.
 */
export function normalizeScope(scope: ITableScope): ITableScope {
  const result: ITableScope = {};
  for (const key of ['experiments', 'trials', 'trial_components'] as const) {
    const names = [...new Set(scope[key] ?? [])].sort();
    if (names.length > 0) {
      result[key] = names;
    }
  }
  if (scope.unassigned) {
    result.unassigned = true;
  }
  return result;
}

/**
 * Tell whether a value read back from the layout is a scope.
 */
export function isTableScope(value: unknown): value is ITableScope {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const record = value as { [key: string]: unknown };
  const names = (key: string) =>
    record[key] === undefined ||
    (Array.isArray(record[key]) &&
      (record[key] as unknown[]).every(name => typeof name === 'string'));
  return (
    names('experiments') &&
    names('trials') &&
    names('trial_components') &&
    (record.unassigned === undefined || typeof record.unassigned === 'boolean')
  );
}

/**
 * Return the DOM id of the table tab of a scope, so that opening the same
 * scope again activates the open tab.
 */
export function tableWidgetId(scope: ITableScope): string {
  const text = JSON.stringify(normalizeScope(scope));
  // A short, stable hash keeps the id valid whatever the names contain.
  let hash = 5381;
  for (let index = 0; index < text.length; index++) {
    hash = ((hash * 33) ^ text.charCodeAt(index)) >>> 0;
  }
  return `jp-experiments-table-${hash.toString(36)}`;
}

/**
 * Return the tab title of a table: the one record it shows, or a count.
 */
export function scopeTitle(
  scope: ITableScope,
  trans: TranslationBundle
): string {
  const experiments = scope.experiments ?? [];
  const trials = scope.trials ?? [];
  const components = scope.trial_components ?? [];
  const count = scopeSize(scope);
  if (count === 1) {
    if (scope.unassigned) {
      return trans.__('Unassigned trial components');
    }
    return [...experiments, ...trials, ...components][0];
  }
  return trans.__('Trial components (%1 sources)', count);
}

/**
 * Return a search expression that selects the trial components of a scope,
 * or `null` for an empty scope. "Copy as search expression" combines it with
 * the table's filter, so that `ExperimentAnalytics` returns the table's rows.
 *
 * Names are listed in `In` values, split to stay within the server's
 * limits.
 */
export function scopeExpression(scope: ITableScope): ISearchExpression | null {
  const filters: ISearchFilter[] = [];
  const listed = (name: string, names: string[] | undefined) => {
    for (const filter of nameFilters(names ?? [])) {
      filters.push({
        Name: name,
        Operator: filter.operator,
        Value: filter.value
      });
    }
  };
  listed('Parents.ExperimentName', scope.experiments);
  listed('Parents.TrialName', scope.trials);
  listed('TrialComponentName', scope.trial_components);
  if (scope.unassigned) {
    filters.push({ Name: 'Parents.TrialName', Operator: 'NotExists' });
  }

  if (filters.length === 0) {
    return null;
  }
  if (filters.length === 1) {
    return { Filters: filters };
  }
  if (filters.length <= FILTERS_PER_LIST) {
    return { Filters: filters, Operator: 'Or' };
  }
  const chunks: ISearchExpression[] = [];
  for (let start = 0; start < filters.length; start += FILTERS_PER_LIST) {
    chunks.push({
      Filters: filters.slice(start, start + FILTERS_PER_LIST),
      Operator: 'Or'
    });
  }
  return { SubExpressions: chunks, Operator: 'Or' };
}

/**
 * Return an expression that both expressions must match.
 */
export function allOf(
  first: ISearchExpression | null,
  second: ISearchExpression | null
): ISearchExpression | null {
  if (first === null || second === null) {
    return first ?? second;
  }
  return { SubExpressions: [first, second] };
}

/**
 * A filter of a generated search expression.
 */
export interface INameFilter {
  operator: 'In' | 'Equals';
  value: string;
}

/**
 * Return filters that select trial components by name. `In` takes a
 * comma-separated list whose items the server trims, so names that
 * contain a comma or start or end with white space get an `Equals` filter
 * each. Long lists are split, since a value has at most 1024 characters.
 */
export function nameFilters(names: readonly string[]): INameFilter[] {
  const filters: INameFilter[] = [];
  let list: string[] = [];
  let length = 0;
  const flush = () => {
    if (list.length > 0) {
      filters.push({ operator: 'In', value: list.join(',') });
    }
    list = [];
    length = 0;
  };
  for (const name of names) {
    if (name.includes(',') || name.trim() !== name || name === '') {
      filters.push({ operator: 'Equals', value: name });
      continue;
    }
    // One more character for the comma before the name.
    if (list.length > 0 && length + 1 + name.length > VALUE_MAX_LENGTH) {
      flush();
    }
    length += (list.length > 0 ? 1 : 0) + name.length;
    list.push(name);
  }
  flush();
  return filters;
}
