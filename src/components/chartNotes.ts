import type { TranslationBundle } from '@jupyterlab/translation';
import {
  DRAWABLE_LIMIT,
  type IChartProperties,
  type ISummaryData,
  type ITimeSeriesData
} from '../model/chart';
import { formatNumber } from '../model/format';
import { type ChartInput, columnTitle } from './ChartView';

/**
 * The failures and limits met while loading a chart's data.
 */
export interface IChartLoadState {
  /** How many trial components could not be loaded. */
  failedComponents: number;
  /** The error of the first component that could not be loaded. */
  componentError: Error | null;
  /** The error of a metric series request, if one failed. */
  seriesError: Error | null;
  /** The point budget that long series were reduced to. */
  budget: number;
}

/**
 * Return the notes that explain what a chart leaves out, one sentence each.
 */
export function chartNotes(
  input: ChartInput,
  trans: TranslationBundle,
  state: IChartLoadState
): string[] {
  const notes: string[] = [];
  if (state.failedComponents > 0) {
    notes.push(
      trans._n(
        '%1 trial component could not be loaded: %2',
        '%1 trial components could not be loaded: %2',
        state.failedComponents,
        state.componentError?.message ?? ''
      )
    );
  }
  if (state.seriesError) {
    notes.push(
      trans.__(
        'Some metric series could not be loaded: %1',
        state.seriesError.message
      )
    );
  }
  if (input.dataType === 'summary') {
    return [...notes, ...summaryNotes(input.data, trans)];
  }
  return [
    ...notes,
    ...timeSeriesNotes(input.data, input.properties, trans, state.budget)
  ];
}

function summaryNotes(data: ISummaryData, trans: TranslationBundle): string[] {
  const notes: string[] = [];
  if (data.missing > 0) {
    notes.push(
      trans._n(
        '%1 component without values is not shown',
        '%1 components without values are not shown',
        data.missing
      )
    );
  }
  if (data.tooLarge > 0) {
    notes.push(
      trans._n(
        '%1 component with a value beyond ±%2 is not shown',
        '%1 components with values beyond ±%2 are not shown',
        data.tooLarge,
        formatNumber(DRAWABLE_LIMIT)
      )
    );
  }
  if (data.hiddenOnLog > 0) {
    notes.push(hiddenOnLogNote(data.hiddenOnLog, trans));
  }
  return notes;
}

function timeSeriesNotes(
  data: ITimeSeriesData,
  properties: IChartProperties,
  trans: TranslationBundle,
  budget: number
): string[] {
  const notes: string[] = [];
  if (data.withoutMetric > 0) {
    notes.push(
      trans._n(
        '%1 component without points of this metric is not shown',
        '%1 components without points of this metric are not shown',
        data.withoutMetric
      )
    );
  }
  if (data.withoutX > 0) {
    notes.push(
      properties.xAxis === 'step'
        ? trans._n(
            '%1 point without a step is not shown',
            '%1 points without a step are not shown',
            data.withoutX
          )
        : trans._n(
            '%1 point without a time is not shown',
            '%1 points without a time are not shown',
            data.withoutX
          )
    );
  }
  if (data.nonFinite > 0) {
    notes.push(
      trans._n(
        '%1 value that is NaN, infinite or beyond ±%2 is not shown',
        '%1 values that are NaN, infinite or beyond ±%2 are not shown',
        data.nonFinite,
        formatNumber(DRAWABLE_LIMIT)
      )
    );
  }
  if (data.hiddenOnLogX > 0) {
    notes.push(
      trans._n(
        '%1 point at an x ≤ 0 is not shown on the log x axis',
        '%1 points at x values ≤ 0 are not shown on the log x axis',
        data.hiddenOnLogX
      )
    );
  }
  if (data.hiddenOnLog > 0) {
    notes.push(hiddenOnLogNote(data.hiddenOnLog, trans));
  }
  if (data.downsampled > 0) {
    notes.push(
      trans._n(
        '%1 series is reduced to at most %2 points; the minimum and maximum of each stretch are kept',
        '%1 series are reduced to at most %2 points each; the minimum and maximum of each stretch are kept',
        data.downsampled,
        budget
      )
    );
  }
  return notes;
}

function hiddenOnLogNote(count: number, trans: TranslationBundle): string {
  return trans._n(
    '%1 point with a value ≤ 0 is not shown on the log axis',
    '%1 points with values ≤ 0 are not shown on the log axis',
    count
  );
}

/**
 * Return the accessible name of a chart, which names what it plots.
 */
export function chartLabel(
  properties: IChartProperties,
  trans: TranslationBundle
): string {
  if (properties.dataType === 'timeSeries') {
    return trans.__('Chart of %1 over time', properties.metric);
  }
  if (properties.chartType === 'histogram') {
    return trans.__('Histogram of %1', columnTitle(properties.x, trans));
  }
  return trans.__(
    'Chart of %1 against %2',
    columnTitle(properties.y, trans),
    columnTitle(properties.x, trans)
  );
}

/**
 * Return the message shown in place of a chart without points.
 */
export function emptyMessage(
  names: number,
  loaded: number,
  metrics: number,
  trans: TranslationBundle
): string {
  if (names === 0) {
    return trans.__('Select trial components to chart.');
  }
  if (loaded > 0 && metrics === 0) {
    return trans.__('The trial components have no metrics to chart.');
  }
  return trans.__('No points to draw.');
}
