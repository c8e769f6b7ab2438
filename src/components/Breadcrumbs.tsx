import type { TranslationBundle } from '@jupyterlab/translation';
import { homeIcon } from '@jupyterlab/ui-components';
import React from 'react';
import type { BrowserLocation } from '../model/location';

/**
 * Properties of `Breadcrumbs`.
 */
export interface IBreadcrumbsProps {
  /** The level shown now. */
  location: BrowserLocation;
  trans: TranslationBundle;
  /** Called with the level of the crumb the user clicked. */
  onNavigate: (location: BrowserLocation) => void;
}

/**
 * Render the path from home to the current level, each part a button that
 * goes back to it.
 */
export function Breadcrumbs(props: IBreadcrumbsProps): JSX.Element {
  const { location, trans, onNavigate } = props;
  const crumbs: { label: string; target: BrowserLocation }[] = [];
  switch (location.kind) {
    case 'home':
      break;
    case 'unassigned':
      crumbs.push({
        label: trans.__('Unassigned trial components'),
        target: location
      });
      break;
    case 'experiment':
      crumbs.push({ label: location.experiment.label, target: location });
      break;
    case 'trial':
      crumbs.push({
        label: location.experiment.label,
        target: { kind: 'experiment', experiment: location.experiment }
      });
      crumbs.push({ label: location.trial.label, target: location });
      break;
  }

  return (
    <nav
      className="jp-ExperimentsBrowser-breadcrumbs"
      aria-label={trans.__('Experiments breadcrumbs')}
    >
      <button
        type="button"
        className="jp-ExperimentsBrowser-crumb jp-ExperimentsBrowser-home"
        title={trans.__('Home: all experiments')}
        aria-label={trans.__('Home')}
        aria-current={location.kind === 'home' ? 'location' : undefined}
        onClick={() => onNavigate({ kind: 'home' })}
      >
        <homeIcon.react tag="span" className="jp-ExperimentsBrowser-homeIcon" />
      </button>
      {crumbs.map((crumb, index) => {
        const isLast = index === crumbs.length - 1;
        return (
          <React.Fragment key={index}>
            <span className="jp-ExperimentsBrowser-crumbSeparator" aria-hidden>
              /
            </span>
            <button
              type="button"
              className="jp-ExperimentsBrowser-crumb"
              title={crumb.label}
              aria-current={isLast ? 'location' : undefined}
              onClick={() => onNavigate(crumb.target)}
            >
              {crumb.label}
            </button>
          </React.Fragment>
        );
      })}
    </nav>
  );
}
