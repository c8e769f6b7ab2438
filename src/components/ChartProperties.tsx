import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';
import {
  type ChartColor,
  type ChartDataType,
  type ChartType,
  CHART_TYPES,
  type IChartOptions,
  type IChartProperties,
  isChartColor,
  metricKey,
  parameterKey,
  TIME_AXES,
  TIME_SERIES_CHART_TYPES,
  type TimeAxis
} from '../model/chart';
import { METRIC_STATISTICS, metricLabel } from '../model/tableColumns';
import { timeAxisTitle } from './ChartView';

/**
 * Properties of `ChartProperties`.
 */
export interface IChartPropertiesProps {
  /** Prefix of the controls' element ids, unique in the page. */
  id: string;
  properties: IChartProperties;
  /** The parameters and metrics of the charted components. */
  options: IChartOptions;
  /** Whether the x values are text, so the x axis cannot be logarithmic. */
  xIsCategory: boolean;
  trans: TranslationBundle;
  /** Called with the properties the user changed. */
  onChange: (changes: Partial<IChartProperties>) => void;
  onClose: () => void;
}

/**
 * Return the translated name of a chart type.
 */
export function chartTypeLabel(
  type: ChartType,
  trans: TranslationBundle
): string {
  switch (type) {
    case 'line':
      return trans.__('Line');
    case 'scatter':
      return trans.__('Scatter plot');
    case 'bar':
      return trans.__('Bar');
    case 'histogram':
      return trans.__('Histogram');
  }
}

/**
 * Render the CHART PROPERTIES pane: data type, chart type, axes, colour,
 * log scales and, for time series, smoothing.
 */
export function ChartProperties(props: IChartPropertiesProps): JSX.Element {
  const { id, properties, options, trans, onChange } = props;
  const summary = properties.dataType === 'summary';
  const types = summary ? CHART_TYPES : TIME_SERIES_CHART_TYPES;
  const logXDisabled = summary
    ? props.xIsCategory
    : properties.xAxis === 'wallTime';

  const metricOptions = options.metrics.map(metric => (
    <optgroup key={metric} label={metric}>
      {METRIC_STATISTICS.map(statistic => (
        <option key={statistic} value={metricKey(metric, statistic)}>
          {metricLabel(metric, statistic, trans)}
        </option>
      ))}
    </optgroup>
  ));

  return (
    <div
      className="jp-ExperimentsChartProperties"
      role="region"
      aria-label={trans.__('Chart properties')}
      onKeyDown={event => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onClose();
        }
      }}
    >
      <div className="jp-ExperimentsChartProperties-header">
        <h2>{trans.__('CHART PROPERTIES')}</h2>
        <button
          className="jp-ExperimentsChartProperties-close"
          aria-label={trans.__('Close chart properties')}
          title={trans.__('Close chart properties')}
          onClick={props.onClose}
        >
          ×
        </button>
      </div>
      <div className="jp-ExperimentsChartProperties-list">
        <Field id={`${id}-data-type`} label={trans.__('Data type')}>
          <select
            id={`${id}-data-type`}
            value={properties.dataType}
            onChange={event =>
              onChange({ dataType: event.target.value as ChartDataType })
            }
          >
            <option value="summary">{trans.__('Summary statistics')}</option>
            <option value="timeSeries">{trans.__('Time series')}</option>
          </select>
        </Field>

        <Field id={`${id}-chart-type`} label={trans.__('Chart type')}>
          <select
            id={`${id}-chart-type`}
            value={properties.chartType}
            onChange={event =>
              onChange({ chartType: event.target.value as ChartType })
            }
          >
            {types.map(type => (
              <option key={type} value={type}>
                {chartTypeLabel(type, trans)}
              </option>
            ))}
          </select>
        </Field>

        {summary && (
          <Field
            id={`${id}-x`}
            label={
              properties.chartType === 'histogram'
                ? trans.__('Values')
                : trans.__('X axis')
            }
          >
            <select
              id={`${id}-x`}
              value={properties.x}
              onChange={event => onChange({ x: event.target.value })}
            >
              <UnknownOption
                value={properties.x}
                known={[
                  ...options.parameters.map(item => parameterKey(item.name)),
                  ...metricKeys(options)
                ]}
                trans={trans}
              />
              {options.parameters.length > 0 && (
                <optgroup label={trans.__('Parameters')}>
                  {options.parameters.map(item => (
                    <option key={item.name} value={parameterKey(item.name)}>
                      {item.name}
                    </option>
                  ))}
                </optgroup>
              )}
              {metricOptions}
            </select>
          </Field>
        )}

        {summary && properties.chartType !== 'histogram' && (
          <Field id={`${id}-y`} label={trans.__('Y axis')}>
            <select
              id={`${id}-y`}
              value={properties.y}
              onChange={event => onChange({ y: event.target.value })}
            >
              <UnknownOption
                value={properties.y}
                known={metricKeys(options)}
                trans={trans}
              />
              {metricOptions}
            </select>
          </Field>
        )}

        {!summary && (
          <Field id={`${id}-metric`} label={trans.__('Metric')}>
            <select
              id={`${id}-metric`}
              value={properties.metric}
              onChange={event => onChange({ metric: event.target.value })}
            >
              <UnknownOption
                value={properties.metric}
                known={options.metrics}
                trans={trans}
              />
              {options.metrics.map(metric => (
                <option key={metric} value={metric}>
                  {metric}
                </option>
              ))}
            </select>
          </Field>
        )}

        {!summary && (
          <Field id={`${id}-time-axis`} label={trans.__('X axis')}>
            <select
              id={`${id}-time-axis`}
              value={properties.xAxis}
              onChange={event =>
                onChange({ xAxis: event.target.value as TimeAxis })
              }
            >
              {TIME_AXES.map(axis => (
                <option key={axis} value={axis}>
                  {timeAxisTitle({ ...properties, xAxis: axis }, trans)}
                </option>
              ))}
            </select>
          </Field>
        )}

        <Field id={`${id}-color`} label={trans.__('Color')}>
          <select
            id={`${id}-color`}
            value={properties.color}
            onChange={event => {
              const value = event.target.value;
              if (isChartColor(value)) {
                onChange({ color: value as ChartColor });
              }
            }}
          >
            <UnknownOption
              value={properties.color}
              known={[
                'none',
                'trialComponent',
                'trial',
                ...options.parameters.map(item => parameterKey(item.name))
              ]}
              trans={trans}
            />
            <option value="none">{trans.__('None')}</option>
            <option value="trialComponent">
              {trans.__('Trial component')}
            </option>
            <option value="trial">{trans.__('Trial')}</option>
            {options.parameters.length > 0 && (
              <optgroup label={trans.__('Parameters')}>
                {options.parameters.map(item => (
                  <option key={item.name} value={parameterKey(item.name)}>
                    {item.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </Field>

        <fieldset className="jp-ExperimentsChartProperties-group">
          <legend>{trans.__('Log scale')}</legend>
          <label
            className="jp-ExperimentsChartProperties-check"
            title={
              logXDisabled
                ? trans.__('This x axis cannot be logarithmic')
                : undefined
            }
          >
            <input
              type="checkbox"
              checked={properties.logX && !logXDisabled}
              disabled={logXDisabled}
              onChange={event => onChange({ logX: event.target.checked })}
            />
            {trans.__('X axis')}
          </label>
          <label className="jp-ExperimentsChartProperties-check">
            <input
              type="checkbox"
              checked={properties.logY}
              onChange={event => onChange({ logY: event.target.checked })}
            />
            {trans.__('Y axis')}
          </label>
        </fieldset>

        {!summary && (
          <Field id={`${id}-smoothing`} label={trans.__('Smoothing')}>
            <div className="jp-ExperimentsChartProperties-range">
              <input
                id={`${id}-smoothing`}
                type="range"
                min={0}
                max={0.99}
                step={0.01}
                value={properties.smoothing}
                aria-valuetext={properties.smoothing.toFixed(2)}
                onChange={event =>
                  onChange({ smoothing: Number(event.target.value) })
                }
              />
              <output htmlFor={`${id}-smoothing`}>
                {properties.smoothing.toFixed(2)}
              </output>
            </div>
          </Field>
        )}
      </div>
    </div>
  );
}

/**
 * Properties of `Field`.
 */
interface IFieldProps {
  /** Id of the control that the label names. */
  id: string;
  label: string;
  children: React.ReactNode;
}

/**
 * Render a labelled control of the pane.
 */
function Field(props: IFieldProps): JSX.Element {
  return (
    <div className="jp-ExperimentsChartProperties-field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

/**
 * Properties of `UnknownOption`.
 */
interface IUnknownOptionProps {
  value: string;
  known: readonly string[];
  trans: TranslationBundle;
}

/**
 * Render an option for a chosen value that the components do not offer,
 * such as a metric no component has any more. The select then shows the
 * choice instead of silently showing another one.
 */
function UnknownOption(props: IUnknownOptionProps): JSX.Element | null {
  if (props.known.includes(props.value)) {
    return null;
  }
  return (
    <option value={props.value} disabled>
      {props.value
        ? props.trans.__('%1 (not in the data)', props.value)
        : props.trans.__('(none)')}
    </option>
  );
}

function metricKeys(options: IChartOptions): string[] {
  return options.metrics.flatMap(metric =>
    METRIC_STATISTICS.map(statistic => metricKey(metric, statistic))
  );
}
