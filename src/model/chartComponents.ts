import { ExperimentsApiError } from '../api/errors';
import type { ITrialComponent } from '../api/types';
import type { IExperimentsClient } from '../tokens';

/**
 * The maximum number of names in one request's scope, which is also the
 * maximum page size; the server rejects more.
 */
const NAMES_PER_REQUEST = 1000;

/**
 * The maximum length of one request's encoded scope. The server rejects
 * request headers over 64 KiB, and 120-character names in a thousand would
 * exceed that.
 */
const SCOPE_CHARS_MAX = 16_000;

/**
 * The outcome of fetching one charted trial component.
 */
export interface IComponentResult {
  name: string;
  component: ITrialComponent | null;
  /** The error of a failed request; null when it succeeded. */
  error: Error | null;
  /** Whether the store has no component of this name, such as after a delete. */
  missing: boolean;
}

/**
 * Return the names without repeats, compared without regard to letter case
 * as the store compares them; the first spelling of each name stays.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter(name => {
    const key = name.toLowerCase();
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/**
 * Fetch the named trial components, in the order of `names`.
 *
 * A list request with the names as its scope replaces a request per
 * component: a chart of 20 components would otherwise hold most of the
 * browser's few connections to the server while its series wait. The
 * server rejects a scope that names a deleted component, so such a group
 * of names is fetched one by one instead.
 */
export async function fetchComponents(
  client: IExperimentsClient,
  names: readonly string[]
): Promise<IComponentResult[]> {
  const results: IComponentResult[] = [];
  for (const group of scopeGroups(names)) {
    results.push(...(await fetchGroup(client, group)));
  }
  return results;
}

/**
 * Split names into groups that each fit one request.
 */
function scopeGroups(names: readonly string[]): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let length = 0;
  for (const name of names) {
    // Each name adds its encoded text, quotes and a comma to the scope.
    const added = encodeURIComponent(JSON.stringify(name)).length + 3;
    if (
      group.length > 0 &&
      (group.length === NAMES_PER_REQUEST || length + added > SCOPE_CHARS_MAX)
    ) {
      groups.push(group);
      group = [];
      length = 0;
    }
    group.push(name);
    length += added;
  }
  if (group.length > 0) {
    groups.push(group);
  }
  return groups;
}

async function fetchGroup(
  client: IExperimentsClient,
  names: string[]
): Promise<IComponentResult[]> {
  try {
    const found = await listScope(client, names);
    return names.map(name => {
      const component = found.get(name.toLowerCase()) ?? null;
      return { name, component, error: null, missing: component === null };
    });
  } catch (reason) {
    if (reason instanceof ExperimentsApiError && reason.status === 404) {
      return Promise.all(names.map(name => fetchOne(client, name)));
    }
    const error = asError(reason);
    return names.map(name => ({
      name,
      component: null,
      error,
      missing: false
    }));
  }
}

async function listScope(
  client: IExperimentsClient,
  names: string[]
): Promise<Map<string, ITrialComponent>> {
  const found = new Map<string, ITrialComponent>();
  const scope = { trial_components: names };
  let nextToken: string | null = null;
  do {
    const page = await client.listTrialComponents({
      scope,
      maxResults: NAMES_PER_REQUEST,
      nextToken: nextToken ?? undefined,
      includeTotalCount: false
    });
    for (const component of page.items) {
      found.set(component.name.toLowerCase(), component);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

async function fetchOne(
  client: IExperimentsClient,
  name: string
): Promise<IComponentResult> {
  try {
    const component = await client.getTrialComponent(name);
    return { name, component, error: null, missing: false };
  } catch (reason) {
    const missing =
      reason instanceof ExperimentsApiError && reason.status === 404;
    return {
      name,
      component: null,
      error: missing ? null : asError(reason),
      missing
    };
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
