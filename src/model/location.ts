import type { IExperiment, ITrial, ITrialComponent } from '../api/types';

/**
 * A record addressed by its name, with the label to show in breadcrumbs.
 */
export interface INamedRef {
  name: string;
  label: string;
}

/**
 * A level of the experiments browser.
 */
export type BrowserLocation =
  /** The experiments, plus the unassigned trial components entry. */
  | { kind: 'home' }
  /** Trial components that belong to no trial. */
  | { kind: 'unassigned' }
  /** The trials of one experiment. */
  | { kind: 'experiment'; experiment: INamedRef }
  /** The trial components of one trial. */
  | { kind: 'trial'; experiment: INamedRef; trial: INamedRef };

/**
 * A row of the experiments browser.
 */
export type BrowserItem =
  | { kind: 'unassigned'; key: string }
  | { kind: 'experiment'; key: string; experiment: IExperiment }
  | { kind: 'trial'; key: string; trial: ITrial }
  | { kind: 'trialComponent'; key: string; trialComponent: ITrialComponent };

/**
 * Key of the "Unassigned trial components" entry. The SDK accepts only
 * letters, digits and hyphens in record names, so no record has this key.
 */
export const UNASSIGNED_KEY = ':unassigned';

/**
 * Return the level above `location`, or `null` at home.
 */
export function parentLocation(
  location: BrowserLocation
): BrowserLocation | null {
  switch (location.kind) {
    case 'home':
      return null;
    case 'unassigned':
    case 'experiment':
      return { kind: 'home' };
    case 'trial':
      return { kind: 'experiment', experiment: location.experiment };
  }
}

/**
 * Return the key of the row in the parent level that leads to `location`,
 * so that going up can select the row the user came from.
 */
export function keyInParent(location: BrowserLocation): string | null {
  switch (location.kind) {
    case 'home':
      return null;
    case 'unassigned':
      return UNASSIGNED_KEY;
    case 'experiment':
      return location.experiment.name;
    case 'trial':
      return location.trial.name;
  }
}

/**
 * Tell whether two locations address the same level.
 */
export function sameLocation(a: BrowserLocation, b: BrowserLocation): boolean {
  if (a.kind !== b.kind) {
    return false;
  }
  switch (a.kind) {
    case 'home':
    case 'unassigned':
      return true;
    case 'experiment':
      return a.experiment.name === (b as typeof a).experiment.name;
    case 'trial':
      return (
        a.experiment.name === (b as typeof a).experiment.name &&
        a.trial.name === (b as typeof a).trial.name
      );
  }
}

/**
 * Return the name of the record a row shows (the identifier used by the
 * REST API), or `null` for the unassigned entry.
 */
export function itemName(item: BrowserItem): string | null {
  switch (item.kind) {
    case 'unassigned':
      return null;
    case 'experiment':
      return item.experiment.name;
    case 'trial':
      return item.trial.name;
    case 'trialComponent':
      return item.trialComponent.name;
  }
}

/**
 * Check that a value read from the state database is a location.
 */
export function isBrowserLocation(value: unknown): value is BrowserLocation {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const location = value as { [key: string]: unknown };
  const isRef = (ref: unknown): boolean =>
    typeof ref === 'object' &&
    ref !== null &&
    typeof (ref as INamedRef).name === 'string' &&
    typeof (ref as INamedRef).label === 'string';
  switch (location.kind) {
    case 'home':
    case 'unassigned':
      return true;
    case 'experiment':
      return isRef(location.experiment);
    case 'trial':
      return isRef(location.experiment) && isRef(location.trial);
    default:
      return false;
  }
}
