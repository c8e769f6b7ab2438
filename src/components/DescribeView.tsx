import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';
import type { IArtifact, IParent, ITrialComponent } from '../api/types';
import type { ITrialStages } from '../model/describe';
import type { DescribeChartsModel } from '../model/describeCharts';
import { displayName, formatNumber, formatTime } from '../model/format';
import { DataTable } from './DataTable';
import { DescribeCharts } from './DescribeCharts';
import { JobSettings } from './JobSettings';
import { LogView } from './LogView';
import { Section } from './Section';
import { TrialMappings } from './TrialMappings';
import { TrialStages } from './TrialStages';

/**
 * Properties of `DescribeView`.
 */
export interface IDescribeViewProps {
  /** Prefix of the DOM ids of headings, unique in the page. */
  id: string;
  /** Name of the described component, shown while it loads. */
  name: string;
  component: ITrialComponent | null;
  stages: readonly ITrialStages[];
  loading: boolean;
  error: Error | null;
  /** Whether the component has a job log. */
  hasLog: boolean;
  log: string;
  logComplete: boolean;
  logTruncated: boolean;
  logError: Error | null;
  /**
   * The metric and artifact charts of the component. Without it, the
   * Charts section is left out.
   */
  charts?: DescribeChartsModel;
  trans: TranslationBundle;
  /** Called to describe another component. */
  onDescribe: (name: string) => void;
  /** Called to show a trial in the sidebar. */
  onShowTrial: (parent: IParent) => void;
}

/**
 * Render every recorded detail of one trial component, in the sections of
 * SageMaker Studio's "Describe trial component" page.
 */
export function DescribeView(props: IDescribeViewProps): JSX.Element {
  const { component, trans } = props;
  if (!component) {
    return (
      <div className="jp-ExperimentsDescribe-content">
        <p className="jp-ExperimentsDescribe-message" role="status">
          {props.error
            ? trans.__(
                'Trial component %1 could not be loaded: %2',
                props.name,
                props.error.message
              )
            : trans.__('Loading trial component %1…', props.name)}
        </p>
      </div>
    );
  }

  const sectionId = (suffix: string) => `${props.id}-${suffix}`;
  return (
    <div className="jp-ExperimentsDescribe-content">
      <header className="jp-ExperimentsDescribe-header">
        <h1 className="jp-ExperimentsDescribe-title">
          {displayName(component)}
        </h1>
        {component.display_name &&
          component.display_name !== component.name && (
            <p className="jp-ExperimentsDescribe-subtitle">{component.name}</p>
          )}
        {props.error && (
          <p className="jp-ExperimentsDescribe-error" role="alert">
            {trans.__('The last update failed: %1', props.error.message)}
          </p>
        )}
      </header>

      <Section id={sectionId('stages')} title={trans.__('Trial stages')}>
        <TrialStages
          current={component.name}
          stages={props.stages}
          trans={trans}
          onDescribe={props.onDescribe}
        />
      </Section>

      {props.charts && (
        <DescribeCharts
          id={sectionId('charts')}
          model={props.charts}
          trans={trans}
        />
      )}

      <Section id={sectionId('metrics')} title={trans.__('Metrics')}>
        <DataTable
          label={trans.__('Metrics')}
          headers={[
            trans.__('Metric'),
            trans.__('Min'),
            trans.__('Max'),
            trans.__('Avg'),
            trans.__('Std dev'),
            trans.__('Last'),
            trans.__('Count'),
            trans.__('Updated')
          ]}
          numericColumns={[1, 2, 3, 4, 5, 6]}
          rows={component.metrics.map(metric => [
            metric.metric_name,
            formatNumber(metric.min),
            formatNumber(metric.max),
            formatNumber(metric.avg),
            formatNumber(metric.std_dev),
            formatNumber(metric.last),
            metric.count === null ? '' : String(metric.count),
            formatTime(metric.time_stamp)
          ])}
          emptyMessage={trans.__('No metrics were logged.')}
        />
      </Section>

      <Section id={sectionId('parameters')} title={trans.__('Parameters')}>
        <DataTable
          label={trans.__('Parameters')}
          headers={[trans.__('Name'), trans.__('Value')]}
          rows={Object.keys(component.parameters)
            .sort()
            .map(name => [name, String(component.parameters[name])])}
          emptyMessage={trans.__('No parameters were logged.')}
        />
      </Section>

      <Section id={sectionId('artifacts')} title={trans.__('Artifacts')}>
        <h3 className="jp-ExperimentsDescribe-subheading">
          {trans.__('Input artifacts')}
        </h3>
        <DataTable
          label={trans.__('Input artifacts')}
          headers={artifactHeaders(trans)}
          rows={artifactRows(component.input_artifacts)}
          emptyMessage={trans.__('No input artifacts.')}
        />
        <h3 className="jp-ExperimentsDescribe-subheading">
          {trans.__('Output artifacts')}
        </h3>
        <DataTable
          label={trans.__('Output artifacts')}
          headers={artifactHeaders(trans)}
          rows={artifactRows(component.output_artifacts)}
          emptyMessage={trans.__('No output artifacts.')}
        />
      </Section>

      <Section id={sectionId('job')} title={trans.__('Job settings')}>
        <JobSettings component={component} trans={trans} />
      </Section>

      <Section id={sectionId('mappings')} title={trans.__('Trial mappings')}>
        <TrialMappings
          parents={component.parents}
          trans={trans}
          onShowTrial={props.onShowTrial}
        />
      </Section>

      {props.hasLog && (
        <Section id={sectionId('logs')} title={trans.__('Logs')}>
          <LogView
            text={props.log}
            complete={props.logComplete}
            truncated={props.logTruncated}
            error={props.logError}
            trans={trans}
          />
        </Section>
      )}
    </div>
  );
}

function artifactHeaders(trans: TranslationBundle): string[] {
  return [trans.__('Name'), trans.__('Value'), trans.__('Media type')];
}

function artifactRows(artifacts: { [name: string]: IArtifact }): string[][] {
  return Object.keys(artifacts)
    .sort()
    .map(name => [
      name,
      artifacts[name].value,
      artifacts[name].media_type ?? ''
    ]);
}
