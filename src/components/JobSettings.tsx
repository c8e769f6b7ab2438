import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';
import type { ITrialComponent } from '../api/types';
import { durationMs, formatDuration, formatTime } from '../model/format';
import { componentType, statusLabel } from './columns';

/**
 * Parameters in which training jobs record their instance settings, as
 * SageMaker does.
 */
const INSTANCE_TYPE_PARAMETER = 'SageMaker.InstanceType';
const INSTANCE_COUNT_PARAMETER = 'SageMaker.InstanceCount';

/**
 * Properties of `JobSettings`.
 */
export interface IJobSettingsProps {
  component: ITrialComponent;
  trans: TranslationBundle;
}

/**
 * Source, status, times and instance settings of a trial component.
 */
export function JobSettings(props: IJobSettingsProps): JSX.Element {
  const { component, trans } = props;
  const instanceType = component.parameters[INSTANCE_TYPE_PARAMETER];
  const instanceCount = component.parameters[INSTANCE_COUNT_PARAMETER];
  const entries: [string, string][] = [
    [trans.__('Name'), component.name],
    [trans.__('Type'), componentType(component, trans)],
    [trans.__('Source'), component.source?.source_arn ?? ''],
    [trans.__('Status'), statusLabel(component, trans)],
    [trans.__('Status message'), component.status?.message ?? ''],
    [trans.__('Start time'), formatTime(component.start_time)],
    [trans.__('End time'), formatTime(component.end_time)],
    [
      trans.__('Duration'),
      formatDuration(durationMs(component.start_time, component.end_time))
    ],
    [
      trans.__('Instance type'),
      instanceType === undefined ? '' : String(instanceType)
    ],
    [
      trans.__('Instance count'),
      instanceCount === undefined ? '' : String(instanceCount)
    ],
    [trans.__('Created'), formatTime(component.creation_time)],
    [trans.__('Last modified'), formatTime(component.last_modified_time)],
    [trans.__('ARN'), component.arn]
  ];
  return (
    <dl className="jp-ExperimentsDescribe-settings">
      {entries
        .filter(([, value]) => value !== '')
        .map(([label, value]) => (
          <React.Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </React.Fragment>
        ))}
    </dl>
  );
}
