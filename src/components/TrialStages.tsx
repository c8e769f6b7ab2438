import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';
import type { ITrialStages } from '../model/describe';
import { displayName } from '../model/format';
import { statusLabel } from './columns';

/**
 * Properties of `TrialStages`.
 */
export interface ITrialStagesProps {
  /** Name of the component being described. */
  current: string;
  stages: readonly ITrialStages[];
  trans: TranslationBundle;
  /** Called to describe another component. */
  onDescribe: (name: string) => void;
}

/**
 * Render the components of each trial that the described component belongs
 * to, such as "Preprocessing" and "Training", with the current one marked.
 */
export function TrialStages(props: ITrialStagesProps): JSX.Element {
  const { trans } = props;
  if (props.stages.length === 0) {
    return (
      <p className="jp-ExperimentsDescribe-empty">
        {trans.__('This trial component belongs to no trial.')}
      </p>
    );
  }
  return (
    <>
      {props.stages.map(stage => (
        <div key={stage.trialName} className="jp-ExperimentsDescribe-stages">
          {props.stages.length > 1 && (
            <h3 className="jp-ExperimentsDescribe-stagesTrial">
              {stage.trialName}
            </h3>
          )}
          <ol aria-label={trans.__('Stages of trial %1', stage.trialName)}>
            {stage.components.map(component => {
              const isCurrent = component.name === props.current;
              const status = statusLabel(component, trans);
              return (
                <li
                  key={component.name}
                  className={isCurrent ? 'jp-mod-current' : undefined}
                  aria-current={isCurrent ? 'true' : undefined}
                >
                  {isCurrent ? (
                    <span className="jp-ExperimentsDescribe-stageName">
                      {displayName(component)}
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="jp-ExperimentsDescribe-link"
                      title={trans.__('Describe %1', component.name)}
                      onClick={() => props.onDescribe(component.name)}
                    >
                      {displayName(component)}
                    </button>
                  )}
                  {status && (
                    <span className="jp-ExperimentsDescribe-stageStatus">
                      {status}
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
        </div>
      ))}
    </>
  );
}
