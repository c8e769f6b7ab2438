import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';
import type { IParent } from '../api/types';

/**
 * Properties of `TrialMappings`.
 */
export interface ITrialMappingsProps {
  parents: IParent[];
  trans: TranslationBundle;
  /** Called to show a trial's components in the sidebar. */
  onShowTrial: (parent: IParent) => void;
}

/**
 * Render the trials and experiments that a trial component belongs to.
 */
export function TrialMappings(props: ITrialMappingsProps): JSX.Element {
  const { trans } = props;
  if (props.parents.length === 0) {
    return (
      <p className="jp-ExperimentsDescribe-empty">
        {trans.__('Unassigned: this trial component belongs to no trial.')}
      </p>
    );
  }
  return (
    <table
      className="jp-ExperimentsDescribe-table"
      aria-label={trans.__('Trial mappings')}
    >
      <thead>
        <tr>
          <th scope="col">{trans.__('Trial')}</th>
          <th scope="col">{trans.__('Experiment')}</th>
        </tr>
      </thead>
      <tbody>
        {props.parents.map(parent => (
          <tr key={`${parent.experiment_name}/${parent.trial_name}`}>
            <th scope="row">
              <button
                type="button"
                className="jp-ExperimentsDescribe-link"
                title={trans.__(
                  'Show trial %1 in the Experiments sidebar',
                  parent.trial_name
                )}
                onClick={() => props.onShowTrial(parent)}
              >
                {parent.trial_name}
              </button>
            </th>
            <td>{parent.experiment_name}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
