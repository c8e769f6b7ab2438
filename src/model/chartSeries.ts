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
 * Fetched series by component name, and the error of a failed request.
 */
export interface ISeriesResult {
  values: Map<string, IMetricSeries>;
  /** The first error, or null when every request succeeded. */
  error: Error | null;
}

/**
 * Fetch one metric of several components, ordered and downsampled along a
 * chart's x axis (on its decades when `logX` is set) to at most `budget`
 * points each. A failed request leaves
 * its component out and sets `error`, so one failure does not hide the
 * other series.
 */
export async function fetchChartSeries(
  client: IExperimentsClient,
  metric: string,
  xAxis: TimeAxis,
  requests: readonly ISeriesRequest[],
  budget: number,
  logX = false
): Promise<ISeriesResult> {
  const results = await Promise.all(
    requests.map(({ name, xMin, xMax }) => {
      const options: IMetricSeriesOptions = { maxPoints: budget, xMin, xMax };
      if (xAxis !== 'step') {
        options.x = timeAxisParameter(xAxis);
      }
      if (logX) {
        options.xScale = 'log';
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
  let error: Error | null = null;
  for (const result of results) {
    if (result.series) {
      values.set(result.name, result.series);
    }
    error = error ?? result.error;
  }
  return { values, error };
}
