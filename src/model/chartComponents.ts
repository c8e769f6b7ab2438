import type { ITrialComponent } from '../api/types';
import type { IExperimentsClient } from '../tokens';

/**
 * The maximum number of names in one request's scope, which is also the
 * maximum page size; the server rejects more.
 */
const NAMES_PER_REQUEST = 1000;

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
 * Fetch the named trial components, in the order of `names`.
 *
 * One list request with the names as its scope replaces a request per
 * component: a chart of 20 components would otherwise hold most of the
 * browser's few connections to the server while its series wait. Names
 * compare without regard to letter case, as the store compares them.
 */
export async function fetchComponents(
  client: IExperimentsClient,
  names: readonly string[]
): Promise<IComponentResult[]> {
  const found = new Map<string, ITrialComponent>();
  try {
    for (let start = 0; start < names.length; start += NAMES_PER_REQUEST) {
      const scope = {
        trial_components: names.slice(start, start + NAMES_PER_REQUEST)
      };
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
    }
  } catch (reason) {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    return names.map(name => ({
      name,
      component: null,
      error,
      missing: false
    }));
  }
  return names.map(name => {
    const component = found.get(name.toLowerCase()) ?? null;
    return { name, component, error: null, missing: component === null };
  });
}
