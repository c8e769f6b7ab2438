import type { IMetricSeries } from '../api/types';
import type { IExperimentsClient, IMetricSeriesOptions } from '../tokens';
import type { TimeAxis } from './chart';
import { timeAxisParameter } from './chartCode';

/**
 * A request for one component's series, within an x range in the server's
 * units (the step, or seconds since the epoch on both time axes) when
 * `xMin` and `xMax` are set.
 */
export interface ISeriesRequest {
  name: string;
  xMin?: number;
  xMax?: number;
}

/**
 * Fetched series by component name, and the errors of failed requests.
 */
export interface ISeriesResult {
  values: Map<string, IMetricSeries>;
  /** The errors by component name. */
  failed: Map<string, Error>;
  /** The first error, or null when every request succeeded. */
  error: Error | null;
}

/**
 * Fetch one metric of several components, ordered and downsampled along a
 * chart's x axis to at most `budget` points each. A failed request leaves
 * its component out and records its error, so one failure does not hide
 * the other series.
 */
export async function fetchChartSeries(
  client: IExperimentsClient,
  metric: string,
  xAxis: TimeAxis,
  requests: readonly ISeriesRequest[],
  budget: number
): Promise<ISeriesResult> {
  const results = await Promise.all(
    requests.map(({ name, xMin, xMax }) => {
      const options: IMetricSeriesOptions = { maxPoints: budget, xMin, xMax };
      if (xAxis !== 'step') {
        options.x = timeAxisParameter(xAxis);
      }
      return client.getMetricSeries(name, metric, options).then(
        series => ({ name, series, error: null }),
        (reason: unknown) => ({
          name,
          series: null,
          error: reason instanceof Error ? reason : new Error(String(reason))
        })
      );
    })
  );
  const values = new Map<string, IMetricSeries>();
  const failed = new Map<string, Error>();
  for (const { name, series, error } of results) {
    if (series) {
      values.set(name, series);
    }
    if (error) {
      failed.set(name, error);
    }
  }
  return { values, failed, error: firstError(failed) };
}

/**
 * Keep the series and errors of the named components only, such as those
 * that logged the metric when the series were requested before that was
 * known.
 */
export function seriesOf(
  result: ISeriesResult,
  names: readonly string[]
): ISeriesResult {
  const values = new Map<string, IMetricSeries>();
  const failed = new Map<string, Error>();
  for (const name of names) {
    const series = result.values.get(name);
    const error = result.failed.get(name);
    if (series) {
      values.set(name, series);
    }
    if (error) {
      failed.set(name, error);
    }
  }
  return { values, failed, error: firstError(failed) };
}

function firstError(failed: Map<string, Error>): Error | null {
  for (const error of failed.values()) {
    return error;
  }
  return null;
}
