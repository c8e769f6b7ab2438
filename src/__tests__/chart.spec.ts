import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { ExperimentsClient } from '../api/client';
import type {
  IMetricSeries,
  IMetricSummary,
  ITrialComponent,
  WireNumber
} from '../api/types';
import {
  buildFigure,
  chartConfig,
  escapePlotlyText
} from '../components/ChartView';
import {
  legendText,
  legendTexts,
  placeLegend
} from '../components/chartLegend';
import { loadPlotly } from '../components/plotly';
import {
  chartOptions,
  componentLabels,
  DEFAULT_CHART_PROPERTIES,
  fillChartDefaults,
  type IChartProperties,
  parseChartProperties,
  parseColumnKey,
  summaryData,
  timeSeriesData,
  updateChartProperties
} from '../model/chart';
import { newChartWidgetId, parseChartWidgetId } from '../widgets/chartWidgetId';
import {
  notebookCode,
  pythonString,
  sharedExperimentNames
} from '../model/chartCode';
import { codeRange } from '../model/chartZoom';
import { pointBudget } from '../model/pointBudget';
import { smoothValues } from '../model/smoothing';
import { localTimeText } from '../model/localTime';
import { sortMetricPoints } from '../model/metricPoints';
import { RevisionMonitor } from '../model/revision';
import { ChartWidget } from '../widgets/ChartWidget';
import { FakeClient, makeComponent, waitFor } from './fakes';

const trans = nullTranslator.load('jupyterlab_experiments');

function metric(
  name: string,
  fields: Partial<IMetricSummary> = {}
): IMetricSummary {
  return {
    metric_name: name,
    min: null,
    max: null,
    avg: null,
    std_dev: null,
    last: null,
    count: null,
    time_stamp: null,
    ...fields
  };
}

function props(changes: Partial<IChartProperties> = {}): IChartProperties {
  return updateChartProperties(DEFAULT_CHART_PROPERTIES, changes);
}

function component(
  name: string,
  parameters: ITrialComponent['parameters'],
  metrics: { [name: string]: Partial<IMetricSummary> } = {},
  fields: Partial<ITrialComponent> = {}
): ITrialComponent {
  return makeComponent(name, {
    parameters,
    metrics: Object.entries(metrics).map(([key, value]) => metric(key, value)),
    ...fields
  });
}

function series(
  name: string,
  points: [number | null, string | null, WireNumber][]
): IMetricSeries {
  return {
    metric_name: name,
    points: points.map(([step, timestamp, value]) => ({
      step,
      timestamp,
      value
    }))
  };
}

describe('model/chart', () => {
  describe('parseColumnKey()', () => {
    it('should read parameters and metric statistics', () => {
      expect(parseColumnKey('Parameters.lr')).toEqual({
        kind: 'parameter',
        name: 'lr'
      });
      expect(parseColumnKey('Parameters.a.b')).toEqual({
        kind: 'parameter',
        name: 'a.b'
      });
      expect(parseColumnKey('Metrics.test:loss.Last')).toEqual({
        kind: 'metric',
        name: 'test:loss',
        statistic: 'Last'
      });
    });

    it('should take the text after the last dot as the statistic', () => {
      expect(parseColumnKey('Metrics.val.acc.top1.Max')).toEqual({
        kind: 'metric',
        name: 'val.acc.top1',
        statistic: 'Max'
      });
    });

    it('should reject other keys', () => {
      expect(parseColumnKey('Metrics.loss.Median')).toBeNull();
      expect(parseColumnKey('Metrics.Last')).toBeNull();
      expect(parseColumnKey('Parameters.')).toBeNull();
      expect(parseColumnKey('CreationTime')).toBeNull();
      expect(parseColumnKey('')).toBeNull();
    });
  });

  describe('chartOptions()', () => {
    it('should list parameters with their type and metrics, sorted', () => {
      const options = chartOptions([
        component('a', { lr: 0.1, optimizer: 'adam', batch: 32 }, { loss: {} }),
        component('b', { lr: 0.01, batch: 'auto' }, { acc: {}, loss: {} })
      ]);
      expect(options.parameters).toEqual([
        { name: 'batch', numeric: false, varies: true },
        { name: 'lr', numeric: true, varies: true },
        { name: 'optimizer', numeric: false, varies: false }
      ]);
      expect(options.metrics).toEqual(['acc', 'loss']);
    });
  });

  describe('fillChartDefaults()', () => {
    it('should pick the first numeric parameter and the first metric', () => {
      const options = chartOptions([
        component(
          'a',
          { activation: 'relu', hidden_channels: 5, lr: 0.1 },
          { 'test:loss': {}, 'test:accuracy': {} }
        )
      ]);
      const filled = fillChartDefaults(props(), options);
      expect(filled.x).toBe('Parameters.hidden_channels');
      expect(filled.y).toBe('Metrics.test:accuracy.Last');
      expect(filled.metric).toBe('test:accuracy');
      expect(filled.dataType).toBe('summary');
      expect(filled.chartType).toBe('line');
    });

    it('should prefer a hyperparameter that varies', () => {
      const options = chartOptions(
        [2, 5, 10].map(channels =>
          component(`c${channels}`, {
            'SageMaker.InstanceCount': 1,
            'SageMaker.VolumeSizeInGB': channels,
            epochs: 3,
            hidden_channels: channels
          })
        )
      );
      const filled = fillChartDefaults(props(), options);
      expect(filled.x).toBe('Parameters.hidden_channels');
    });

    it('should fall back to a metric when there is no parameter', () => {
      const options = chartOptions([component('a', {}, { acc: {}, loss: {} })]);
      const filled = fillChartDefaults(props(), options);
      expect(filled.x).toBe('Metrics.loss.Last');
      expect(filled.y).toBe('Metrics.acc.Last');
    });

    it('should keep chosen columns', () => {
      const options = chartOptions([component('a', { lr: 1 }, { loss: {} })]);
      const chosen = props({ x: 'Parameters.gone', y: 'Metrics.gone.Max' });
      const filled = fillChartDefaults(chosen, options);
      expect(filled.x).toBe('Parameters.gone');
      expect(filled.y).toBe('Metrics.gone.Max');
    });

    it('should leave columns empty without data', () => {
      const filled = fillChartDefaults(props(), chartOptions([]));
      expect(filled.x).toBe('');
      expect(filled.y).toBe('');
      expect(filled.metric).toBe('');
    });
  });

  describe('updateChartProperties()', () => {
    it('should draw time series as lines or points only', () => {
      const bar = props({ chartType: 'bar' });
      expect(
        updateChartProperties(bar, { dataType: 'timeSeries' }).chartType
      ).toBe('line');
      const scatter = props({ chartType: 'scatter' });
      expect(
        updateChartProperties(scatter, { dataType: 'timeSeries' }).chartType
      ).toBe('scatter');
    });

    it('should keep smoothing between 0 and 0.99', () => {
      expect(props({ smoothing: 1 }).smoothing).toBe(0.99);
      expect(props({ smoothing: -0.5 }).smoothing).toBe(0);
      expect(props({ smoothing: NaN }).smoothing).toBe(0);
      expect(props({ smoothing: 0.6 }).smoothing).toBe(0.6);
    });
  });

  describe('parseChartProperties()', () => {
    it('should keep valid fields only', () => {
      expect(
        parseChartProperties({
          dataType: 'timeSeries',
          chartType: 'pie',
          x: 'Parameters.lr',
          y: 3,
          metric: 'loss',
          xAxis: 'wallTime',
          color: 'Parameters.optimizer',
          logX: 'yes',
          logY: true,
          smoothing: 5,
          extra: 1
        })
      ).toEqual({
        dataType: 'timeSeries',
        x: 'Parameters.lr',
        metric: 'loss',
        xAxis: 'wallTime',
        color: 'Parameters.optimizer',
        logY: true,
        smoothing: 0.99
      });
    });

    it('should reject colours and values that are not properties', () => {
      expect(parseChartProperties({ color: 'red' })).toEqual({});
      expect(parseChartProperties(null)).toEqual({});
      expect(parseChartProperties([1])).toEqual({});
      expect(parseChartProperties('line')).toEqual({});
    });
  });

  describe('summaryData()', () => {
    const lrs = [10, 1e-5, 2, -3, 0.01, 0.001];
    const components = lrs.map((lr, index) =>
      component(`c${index}`, { lr }, { loss: { last: index } })
    );

    it('should give one point per component sorted numerically', () => {
      const data = summaryData(
        components,
        props({ x: 'Parameters.lr', y: 'Metrics.loss.Last' })
      );
      expect(data.groups).toHaveLength(1);
      expect(data.groups[0].items.map(point => point.x)).toEqual([
        -3, 1e-5, 0.001, 0.01, 2, 10
      ]);
      expect(data.groups[0].items.map(point => point.y)).toEqual([
        3, 1, 5, 4, 2, 0
      ]);
      expect(data.categories).toBeNull();
      expect(data.missing).toBe(0);
    });

    it('should order numbers, then strings, and leave out missing values', () => {
      const batches: (number | string | undefined)[] = [
        32,
        128,
        'auto',
        '256',
        undefined,
        64
      ];
      const mixed = batches.map((batch, index) =>
        component(
          `b${index}`,
          batch === undefined ? {} : { batch_size: batch },
          { loss: { last: 1 } }
        )
      );
      const data = summaryData(
        mixed,
        props({ x: 'Parameters.batch_size', y: 'Metrics.loss.Last' })
      );
      expect(data.groups[0].items.map(point => point.x)).toEqual([
        32,
        64,
        128,
        '256',
        'auto'
      ]);
      expect(data.categories).toEqual(['32', '64', '128', '256', 'auto']);
      expect(data.missing).toBe(1);
    });

    it('should count components without a y value', () => {
      const data = summaryData(
        [
          component('a', { lr: 1 }, { loss: { last: 0.5 } }),
          component('b', { lr: 2 }, { loss: { last: 'NaN' } }),
          component('c', { lr: 3 }, {}),
          component('d', {}, { loss: { last: 0.2 } })
        ],
        props({ x: 'Parameters.lr', y: 'Metrics.loss.Last' })
      );
      expect(data.groups[0].items.map(point => point.name)).toEqual(['a']);
      expect(data.missing).toBe(3);
    });

    it('should read only x for a histogram', () => {
      const data = summaryData(
        [
          component('a', { lr: 1 }, { loss: { last: 0.5 } }),
          component('b', { lr: 2 }, {}),
          component('c', {}, {})
        ],
        props({
          chartType: 'histogram',
          x: 'Parameters.lr',
          y: 'Metrics.loss.Last'
        })
      );
      expect(data.groups[0].items.map(point => [point.x, point.y])).toEqual([
        [1, null],
        [2, null]
      ]);
      expect(data.missing).toBe(1);
    });

    it('should keep numeric-looking strings as categories', () => {
      const versions = ['11.1.1', '12.1', '12.1.1'];
      const commits = ['1238ad', '123456', 'a1234b'];
      const three = versions.map((version, index) =>
        component(
          `r${index}`,
          { version, commit: commits[index], lr: [0.1, 0.01, 0.001][index] },
          { acc: { last: [0.8, 0.85, 0.9][index] } }
        )
      );
      const byVersion = summaryData(
        three,
        props({
          chartType: 'bar',
          x: 'Parameters.version',
          y: 'Metrics.acc.Last'
        })
      );
      expect(byVersion.categories).toEqual(['11.1.1', '12.1', '12.1.1']);
      const byCommit = summaryData(
        three,
        props({
          chartType: 'bar',
          x: 'Parameters.commit',
          y: 'Metrics.acc.Last'
        })
      );
      expect(byCommit.categories).toEqual(['123456', '1238ad', 'a1234b']);
      expect(byCommit.groups[0].items.map(point => point.x)).toEqual([
        '123456',
        '1238ad',
        'a1234b'
      ]);

      const figure = buildFigure(
        {
          dataType: 'summary',
          data: byCommit,
          properties: props({
            chartType: 'bar',
            x: 'Parameters.commit',
            y: 'Metrics.acc.Last'
          })
        },
        {},
        trans
      );
      expect(figure.layout.xaxis?.type).toBe('category');
      expect(figure.layout.xaxis?.categoryarray).toEqual([
        '123456',
        '1238ad',
        'a1234b'
      ]);
      expect(figure.layout.autotypenumbers).toBe('strict');

      const byLr = props({
        chartType: 'scatter',
        x: 'Parameters.lr',
        y: 'Metrics.acc.Last'
      });
      const numeric = buildFigure(
        {
          dataType: 'summary',
          data: summaryData(three, byLr),
          properties: byLr
        },
        {},
        trans
      );
      expect(numeric.layout.xaxis?.type).toBe('linear');
    });

    it('should colour by parameter in value order', () => {
      const data = summaryData(
        [
          component('a', { lr: 1, opt: 'sgd' }, { loss: { last: 1 } }),
          component('b', { lr: 2, opt: 'adam' }, { loss: { last: 1 } }),
          component('c', { lr: 3 }, { loss: { last: 1 } }),
          component('d', { lr: 4, opt: 'sgd' }, { loss: { last: 1 } })
        ],
        props({
          x: 'Parameters.lr',
          y: 'Metrics.loss.Last',
          color: 'Parameters.opt'
        })
      );
      expect(data.groups.map(group => group.label)).toEqual([
        'adam',
        'sgd',
        null
      ]);
      expect(data.groups[1].items.map(point => point.name)).toEqual(['a', 'd']);
    });

    it('should colour by trial', () => {
      const parent = (trial: string) => ({
        trial_name: trial,
        experiment_name: 'e'
      });
      const data = summaryData(
        [
          component(
            'a',
            { lr: 1 },
            { loss: { last: 1 } },
            { parents: [parent('t2'), parent('t1')] }
          ),
          component('b', { lr: 2 }, { loss: { last: 1 } }),
          component(
            'c',
            { lr: 3 },
            { loss: { last: 1 } },
            { parents: [parent('t1'), parent('t2')] }
          )
        ],
        props({ x: 'Parameters.lr', y: 'Metrics.loss.Last', color: 'trial' })
      );
      expect(data.groups.map(group => group.label)).toEqual(['t1, t2', null]);
      expect(data.groups[0].items.map(point => point.name)).toEqual(['a', 'c']);
    });

    it('should hide values ≤ 0 on a log axis and count them', () => {
      const mins = [0.001, 0.0, -0.2];
      const three = mins.map((min, index) =>
        component(`m${index}`, { lr: index + 1 }, { loss: { min } })
      );
      const bar = props({
        chartType: 'bar',
        x: 'Parameters.lr',
        y: 'Metrics.loss.Min'
      });
      const log = summaryData(three, { ...bar, logY: true });
      expect(log.groups[0].items.map(point => point.y)).toEqual([0.001]);
      expect(log.hiddenOnLog).toBe(2);
      expect(log.missing).toBe(0);

      const linear = summaryData(three, bar);
      expect(linear.groups[0].items.map(point => point.y)).toEqual(mins);
      expect(linear.hiddenOnLog).toBe(0);
    });

    it('should ignore a log x axis for categories', () => {
      const data = summaryData(
        [
          component('a', { opt: 'sgd' }, { loss: { last: 1 } }),
          component('b', { opt: 'adam' }, { loss: { last: 2 } })
        ],
        props({ x: 'Parameters.opt', y: 'Metrics.loss.Last', logX: true })
      );
      expect(data.hiddenOnLog).toBe(0);
      expect(data.groups[0].items).toHaveLength(2);
    });
  });

  describe('sortMetricPoints()', () => {
    it('should order by step, then by time', () => {
      const logged: [number, string, number][] = [
        [3, '2026-12-01T09:00:03Z', 0.7],
        [0, '2026-12-01T09:00:04Z', 1.0],
        [1, '2026-12-01T09:00:05Z', 0.9],
        [6, '2026-12-01T09:00:06Z', 0.4],
        [2, '2026-12-01T09:00:07Z', 0.8],
        [5, '2026-12-01T09:00:08Z', 0.5],
        [4, '2026-12-01T09:00:09Z', 0.6],
        // A resume from checkpoint 4 logs steps 4 and 5 again, later.
        [4, '2026-12-01T09:01:00Z', 0.58],
        [5, '2026-12-01T09:01:01Z', 0.49]
      ];
      const points = logged.map(([step, timestamp, value]) => ({
        step,
        timestamp,
        value
      }));
      const sorted = sortMetricPoints(points);
      expect(sorted.map(point => point.step)).toEqual([
        0, 1, 2, 3, 4, 4, 5, 5, 6
      ]);
      expect(sorted.map(point => point.value)).toEqual([
        1.0, 0.9, 0.8, 0.7, 0.6, 0.58, 0.5, 0.49, 0.4
      ]);
    });

    it('should keep points already in step order as they are', () => {
      const points = [0, 1, 5, 9].map(step => ({
        step,
        timestamp: 'not a time',
        value: step
      }));
      const sorted = sortMetricPoints(points);
      expect(sorted).toEqual(points);
      expect(sorted).not.toBe(points);
    });

    it('should put points without a step last, by time', () => {
      const sorted = sortMetricPoints([
        { step: null, timestamp: '2026-12-01T09:00:02Z', id: 'late' },
        { step: 1, timestamp: null, id: 'one' },
        { step: null, timestamp: '2026-12-01T09:00:01Z', id: 'early' },
        { step: 0, timestamp: '2026-12-01T09:00:09Z', id: 'zero' }
      ]);
      expect(sorted.map(point => point.id)).toEqual([
        'zero',
        'one',
        'early',
        'late'
      ]);
    });

    it('should order by time first on time axes', () => {
      const sorted = sortMetricPoints(
        [
          { step: 0, timestamp: '2026-12-01T09:00:02Z', id: 'b' },
          { step: 5, timestamp: '2026-12-01T09:00:01Z', id: 'a' }
        ],
        'time'
      );
      expect(sorted.map(point => point.id)).toEqual(['a', 'b']);
    });
  });

  describe('smoothValues()', () => {
    it('should compute an exponential moving average', () => {
      expect(smoothValues([1, 3, 3], 0.5)).toEqual([1, 2, 2.5]);
    });

    it('should skip gaps without moving the average', () => {
      expect(smoothValues([1, null, 3], 0.5)).toEqual([1, null, 2]);
    });

    it('should return the values unchanged at 0', () => {
      expect(smoothValues([1, null, 3], 0)).toEqual([1, null, 3]);
    });
  });

  describe('timeSeriesData()', () => {
    const run = component('run', {}, { loss: {} });

    it('should draw points in step order', () => {
      const data = timeSeriesData(
        [
          {
            component: run,
            series: series('loss', [
              [2, '2026-12-01T09:00:02Z', 0.8],
              [0, '2026-12-01T09:00:00Z', 1.0],
              [1, '2026-12-01T09:00:01Z', 0.9]
            ])
          }
        ],
        props({ dataType: 'timeSeries', metric: 'loss' })
      );
      const curve = data.groups[0].items[0];
      expect(curve.x).toEqual([0, 1, 2]);
      expect(curve.y).toEqual([1.0, 0.9, 0.8]);
    });

    it('should leave gaps for values ≤ 0 on a log axis', () => {
      const values = [1.0, 0.1, 0.0, 0.01, -0.5, 0.001];
      const entry = {
        component: run,
        series: series(
          'loss',
          values.map((value, step) => [step, null, value])
        )
      };
      const log = timeSeriesData(
        [entry],
        props({ dataType: 'timeSeries', metric: 'loss', logY: true })
      );
      const curve = log.groups[0].items[0];
      expect(curve.y).toEqual([1.0, 0.1, null, 0.01, null, 0.001]);
      expect(curve.x).toEqual([0, 1, 2, 3, 4, 5]);
      expect(log.hiddenOnLog).toBe(2);

      const linear = timeSeriesData(
        [entry],
        props({ dataType: 'timeSeries', metric: 'loss' })
      );
      expect(linear.groups[0].items[0].y).toEqual(values);
      expect(linear.hiddenOnLog).toBe(0);
    });

    it('should count step 0 as hidden on a log step axis', () => {
      const data = timeSeriesData(
        [
          {
            component: run,
            series: series('loss', [
              [0, null, 1],
              [1, null, 2]
            ])
          }
        ],
        props({ dataType: 'timeSeries', metric: 'loss', logX: true })
      );
      expect(data.groups[0].items[0].y).toEqual([null, 2]);
      expect(data.hiddenOnLogX).toBe(1);
      expect(data.hiddenOnLog).toBe(0);
    });

    it('should smooth the drawn values and keep the raw ones', () => {
      const data = timeSeriesData(
        [
          {
            component: run,
            series: series('loss', [
              [0, null, 1],
              [1, null, 3],
              [2, null, 3]
            ])
          }
        ],
        props({ dataType: 'timeSeries', metric: 'loss', smoothing: 0.5 })
      );
      const curve = data.groups[0].items[0];
      expect(curve.raw).toEqual([1, 3, 3]);
      expect(curve.y).toEqual([1, 2, 2.5]);
    });

    it('should keep the smoothed line where a raw value is hidden', () => {
      const data = timeSeriesData(
        [
          {
            component: run,
            series: series('loss', [
              [0, null, 4],
              [1, null, -1],
              [2, null, 4]
            ])
          }
        ],
        props({
          dataType: 'timeSeries',
          metric: 'loss',
          smoothing: 0.5,
          logY: true
        })
      );
      const curve = data.groups[0].items[0];
      expect(curve.raw).toEqual([4, null, 4]);
      expect(curve.y).toEqual([4, 1.5, 2.75]);
      expect(data.hiddenOnLog).toBe(1);
    });

    it('should count what cannot be drawn', () => {
      const other = component('other', {}, {});
      const data = timeSeriesData(
        [
          {
            component: run,
            series: {
              ...series('loss', [
                [0, '2026-12-01T09:00:00Z', 1],
                [null, '2026-12-01T09:00:01Z', 2],
                [2, '2026-12-01T09:00:02Z', 'NaN'],
                [3, '2026-12-01T09:00:03Z', 'Infinity']
              ]),
              downsampled: true,
              point_count: 40000
            }
          },
          { component: other, series: null }
        ],
        props({ dataType: 'timeSeries', metric: 'loss' })
      );
      expect(data.withoutMetric).toBe(1);
      expect(data.withoutX).toBe(1);
      expect(data.nonFinite).toBe(2);
      expect(data.downsampled).toBe(1);
      const curve = data.groups[0].items[0];
      expect(curve.x).toEqual([0, 2, 3]);
      expect(curve.y).toEqual([1, null, null]);
      expect(curve.pointCount).toBe(40000);
    });

    it('should measure relative time from the first point', () => {
      const data = timeSeriesData(
        [
          {
            component: run,
            series: series('loss', [
              [1, '2026-12-01T09:00:01.500Z', 2],
              [0, '2026-12-01T09:00:00Z', 1],
              [2, null, 3]
            ])
          }
        ],
        props({ dataType: 'timeSeries', metric: 'loss', xAxis: 'relativeTime' })
      );
      expect(data.groups[0].items[0].x).toEqual([0, 1.5]);
      expect(data.withoutX).toBe(1);
    });

    it('should count relative time from a given origin', () => {
      // A zoomed range starts after the whole series' first point.
      const data = timeSeriesData(
        [
          {
            component: run,
            series: series('loss', [
              [10, '2026-12-01T09:00:10Z', 2],
              [11, '2026-12-01T09:00:11.250Z', 3]
            ]),
            origin: Date.parse('2026-12-01T09:00:00Z')
          }
        ],
        props({ dataType: 'timeSeries', metric: 'loss', xAxis: 'relativeTime' })
      );
      expect(data.groups[0].items[0].x).toEqual([10, 11.25]);
    });

    it('should show wall time in the local time zone', () => {
      const ms = Date.parse('2026-12-01T09:00:00.250Z');
      const data = timeSeriesData(
        [
          {
            component: run,
            series: series('loss', [[0, '2026-12-01T09:00:00.250Z', 1]])
          }
        ],
        props({ dataType: 'timeSeries', metric: 'loss', xAxis: 'wallTime' })
      );
      const local = new Date(ms);
      expect(data.groups[0].items[0].x).toEqual([localTimeText(ms)]);
      expect(localTimeText(ms)).toMatch(
        new RegExp(`^${local.getFullYear()}-12-0\\d \\d\\d:\\d\\d:00\\.250$`)
      );
    });
  });

  describe('pointBudget()', () => {
    it('should ask for two points per pixel up to the cap', () => {
      expect(pointBudget(300.4)).toBe(601);
      expect(pointBudget(800)).toBe(1600);
      expect(pointBudget(1400)).toBe(2000);
      expect(pointBudget(0)).toBe(2000);
      expect(pointBudget(Number.NaN)).toBe(2000);
      expect(pointBudget(10)).toBe(100);
    });

    it('should allow more points for a zoomed range', () => {
      expect(pointBudget(1000, true)).toBe(4000);
      expect(pointBudget(2278, true)).toBe(8000);
      expect(pointBudget(300, true)).toBe(1200);
    });
  });

  describe('legendText()', () => {
    it('should keep short names and cut the middle of long ones', () => {
      expect(legendText('cnn-2')).toBe('cnn-2');
      const long = `mnist-experiment-${'x'.repeat(40)}-cnn-32-hidden-channels`;
      const short = legendText(long);
      expect(Array.from(short)).toHaveLength(40);
      expect(short.startsWith('mnist-experiment-')).toBe(true);
      expect(short.endsWith('-cnn-32-hidden-channels'.slice(-19))).toBe(true);
      expect(short).toContain('…');
      // Characters outside the BMP are never split.
      expect(Array.from(legendText('😀'.repeat(50)))).toHaveLength(40);
    });
  });

  describe('legendTexts()', () => {
    it('should show where labels that would shorten alike differ', () => {
      const middle = (text: string) =>
        `${'x'.repeat(50)}-middle-${text}-${'y'.repeat(60)}`;
      const labels = [middle('a'), middle('b'), 'short', 'z'.repeat(80)];
      const legend = legendTexts(labels);
      expect(legend(middle('a'))).toBe('…-middle-a-yyyyyyy…');
      expect(legend(middle('b'))).toBe('…-middle-b-yyyyyyy…');
      expect(legend('short')).toBe('short');
      expect(Array.from(legend('z'.repeat(80)))).toHaveLength(40);
    });
  });

  describe('placeLegend()', () => {
    const figure = (name: string) => ({
      data: [{ type: 'scatter' as const, name }],
      layout: { showlegend: true, font: { size: 13 } }
    });

    it('should move a wide legend under the plot', () => {
      const layout = placeLegend(figure('n'.repeat(40)), 500);
      expect(layout.legend?.orientation).toBe('h');
      expect(layout.legend?.yref).toBe('container');
    });

    it('should leave a narrow legend on the right', () => {
      expect(placeLegend(figure('cnn-2'), 500).legend).toBeUndefined();
      expect(placeLegend(figure('n'.repeat(40)), 3000).legend).toBeUndefined();
    });
  });

  describe('componentLabels()', () => {
    it('should name components whose display names repeat', () => {
      const labels = componentLabels([
        component('cnn-2-training', {}, {}, { display_name: 'Training' }),
        component('cnn-5-training', {}, {}, { display_name: 'Training' }),
        component('preprocessing', {}, {}, { display_name: 'Preprocessing' }),
        component('plain', {})
      ]);
      expect(Object.fromEntries(labels)).toEqual({
        'cnn-2-training': 'cnn-2-training',
        'cnn-5-training': 'cnn-5-training',
        preprocessing: 'Preprocessing',
        plain: 'plain'
      });
    });

    it('should give each time series its own legend entry', () => {
      const runs = ['run-a', 'run-b'].map(name => ({
        component: component(
          name,
          {},
          { loss: {} },
          { display_name: 'Training' }
        ),
        series: series('loss', [[0, null, 1.0]])
      }));
      const data = timeSeriesData(
        runs,
        props({
          dataType: 'timeSeries',
          metric: 'loss',
          color: 'trialComponent'
        })
      );
      expect(data.groups.map(group => group.label)).toEqual(['run-a', 'run-b']);
    });
  });

  describe('values beyond the drawable limit', () => {
    it('should leave out and count summary points plotly cannot draw', () => {
      const components = [1e308, -1e308, 2].map((max, index) =>
        component(`c${index}`, { lr: index }, { loss: { max } })
      );
      const data = summaryData(
        components,
        props({ x: 'Parameters.lr', y: 'Metrics.loss.Max' })
      );
      expect(data.tooLarge).toBe(2);
      expect(data.groups[0].items.map(point => point.y)).toEqual([2]);
    });

    it('should leave gaps in a series for values plotly cannot draw', () => {
      const values = [1, 1e305, 0.5, -1e308, Number.MAX_VALUE, 0];
      const data = timeSeriesData(
        [
          {
            component: component('run', {}, { loss: {} }),
            series: series(
              'loss',
              values.map((value, step) => [step, null, value])
            )
          }
        ],
        props({ dataType: 'timeSeries', metric: 'loss' })
      );
      expect(data.groups[0].items[0].y).toEqual([1, null, 0.5, null, null, 0]);
      expect(data.nonFinite).toBe(3);
    });
  });

  describe('buildFigure()', () => {
    it('should draw a log x histogram as bars between log bin edges', () => {
      const components = [2, 5, 10, 20, 32].map(channels =>
        component(`c${channels}`, { hidden_channels: channels })
      );
      const properties = props({
        chartType: 'histogram',
        x: 'Parameters.hidden_channels',
        logX: true
      });

      const figure = buildFigure(
        {
          dataType: 'summary',
          data: summaryData(components, properties),
          properties
        },
        {},
        trans
      );
      const trace = figure.data[0] as {
        type: string;
        x: number[];
        y: number[];
        width: number[];
        offset?: number;
      };

      expect(trace.type).toBe('bar');
      expect(trace.y.reduce((sum, count) => sum + count, 0)).toBe(5);

      // Each bar runs from its start over its width, between bin edges
      // that are equally wide in log space.
      expect(trace.offset).toBe(0);
      const starts = trace.x;
      const ends = trace.x.map((start, index) => start + trace.width[index]);
      for (let index = 1; index < starts.length; index++) {
        expect(starts[index]).toBeCloseTo(ends[index - 1], 10);
        expect(Math.log10(ends[index]) - Math.log10(starts[index])).toBeCloseTo(
          Math.log10(ends[0]) - Math.log10(starts[0]),
          10
        );
      }

      const xaxis = figure.layout.xaxis as { type: string; range: number[] };
      expect(xaxis.type).toBe('log');
      // The axis shows whole bins, from the first edge to the last.
      expect(xaxis.range[0]).toBeCloseTo(Math.log10(starts[0]), 10);
      expect(xaxis.range[1]).toBeCloseTo(Math.log10(ends[ends.length - 1]), 10);
    });

    it('should escape names in every text plotly renders', () => {
      const name = '<b>loss</b><a href=x>y</a>';
      const evil = component(
        'evil',
        { [name]: 1, tag: '"><svg onload=alert(1)>' },
        { [name]: { last: 0.5 } },
        { display_name: '<script>window.__pwned=2</script>' }
      );
      const properties = props({
        x: `Parameters.${name}`,
        y: `Metrics.${name}.Last`,
        color: 'Parameters.tag'
      });
      const figure = buildFigure(
        {
          dataType: 'summary',
          data: summaryData([evil], properties),
          properties
        },
        {},
        trans
      );
      // uirevision is a key that plotly compares and never shows.
      const text = JSON.stringify({
        ...figure,
        layout: { ...figure.layout, uirevision: null }
      });
      expect(text).not.toMatch(/<(b|a|script|svg)\b/);
      const trace = figure.data[0] as {
        name: string;
        hovertext: string[];
        hovertemplate: string;
      };
      expect(trace.name).toBe('"&gt;&lt;svg onload=alert(1)&gt;');
      expect(trace.hovertext[0]).toBe(
        [
          '&lt;script&gt;window.__pwned=2&lt;/script&gt;',
          `${escapePlotlyText(name)}: 1`,
          `${escapePlotlyText(name)} (Last): 0.5`
        ].join('<br>')
      );
      expect(trace.hovertemplate).toBe('%{hovertext}<extra></extra>');
      expect(figure.layout.xaxis?.title).toEqual({
        text: '&lt;b&gt;loss&lt;/b&gt;&lt;a href=x&gt;y&lt;/a&gt;'
      });
    });

    it('should tick whole counts and part the bins of a histogram', () => {
      const components = [1, 2, 2, 3].map((lr, index) =>
        component(`run-${index}`, { lr }, {})
      );
      const histogram = (logY: boolean) => {
        const properties = props({
          chartType: 'histogram',
          x: 'Parameters.lr',
          logY
        });
        return buildFigure(
          {
            dataType: 'summary',
            data: summaryData(components, properties),
            properties
          },
          {},
          trans
        );
      };
      const linear = histogram(false);
      expect(linear.layout.yaxis?.dtick).toBe(1);
      expect(linear.layout.yaxis?.rangemode).toBe('tozero');
      expect(linear.layout.bargap).toBeGreaterThan(0);
      // A log axis takes its ticks from plotly.
      expect(histogram(true).layout.yaxis?.dtick).toBeUndefined();
    });

    it('should leave histogram ticks to plotly for large counts', () => {
      const components = Array.from({ length: 11 }, (_, index) =>
        component(`run-${index}`, { lr: index }, {})
      );
      const properties = props({ chartType: 'histogram', x: 'Parameters.lr' });
      const figure = buildFigure(
        {
          dataType: 'summary',
          data: summaryData(components, properties),
          properties
        },
        {},
        trans
      );
      expect(figure.layout.yaxis?.dtick).toBeUndefined();
    });

    it('should draw the theme colours and fonts', () => {
      const properties = props({ x: 'Parameters.lr', y: 'Metrics.loss.Last' });
      const figure = buildFigure(
        {
          dataType: 'summary',
          data: summaryData(
            [component('a', { lr: 1 }, { loss: { last: 1 } })],
            properties
          ),
          properties
        },
        {
          background: '#111111',
          foreground: '#eeeeee',
          fontFamily: 'Inter, sans-serif',
          fontSize: 13,
          grid: '#333333',
          line: '#444444'
        },
        trans
      );
      expect(figure.layout.paper_bgcolor).toBe('#111111');
      expect(figure.layout.plot_bgcolor).toBe('#111111');
      expect(figure.layout.font).toEqual({
        family: 'Inter, sans-serif',
        color: '#eeeeee',
        size: 13
      });
      expect(figure.layout.xaxis?.gridcolor).toBe('#333333');
      expect(figure.layout.yaxis?.linecolor).toBe('#444444');
    });

    it('should draw faint raw values behind a smoothed curve', () => {
      const properties = props({
        dataType: 'timeSeries',
        metric: 'loss',
        smoothing: 0.5,
        logY: true
      });
      const data = timeSeriesData(
        [
          {
            component: component('run', {}, { loss: {} }),
            series: series('loss', [
              [0, null, 1],
              [1, null, 3]
            ])
          }
        ],
        properties
      );
      const figure = buildFigure(
        { dataType: 'timeSeries', data, properties },
        {},
        trans
      );
      expect(figure.data).toHaveLength(2);
      const [raw, smooth] = figure.data as {
        y: number[];
        opacity?: number;
        connectgaps: boolean;
      }[];
      expect(raw.y).toEqual([1, 3]);
      expect(raw.opacity).toBe(0.25);
      expect(smooth.y).toEqual([1, 2]);
      expect(smooth.connectgaps).toBe(false);
      expect(figure.layout.yaxis?.type).toBe('log');
    });
  });

  describe('notebookCode()', () => {
    it('should rebuild a summary chart from an analytics search', () => {
      const code = notebookCode(
        props({
          x: 'Parameters.hidden_channels',
          y: 'Metrics.test:loss.Last'
        }),
        ['run-a', 'run-b', 'run-c'],
        ['mnist']
      );
      expect(code).toBe(
        [
          'from jupyterlab_experiments import ExperimentAnalytics',
          'from jupyterlab_experiments.charts import summary_chart',
          '',
          'data = ExperimentAnalytics(experiment_name="mnist", search_expression={',
          '    "Filters": [',
          '        {"Name": "TrialComponentName", "Operator": "In", "Value": "run-a,run-b,run-c"},',
          '    ],',
          '})',
          'summary_chart(',
          '    data,',
          '    "hidden_channels",',
          '    "test:loss - Last",',
          '    kind="line",',
          ')',
          ''
        ].join('\n')
      );
    });

    it('should pass colour, kind and log axes', () => {
      const code = notebookCode(
        props({
          chartType: 'scatter',
          x: 'Metrics.train.loss.Min',
          y: 'Metrics.val:acc.Max',
          color: 'Parameters.optimizer',
          logX: true,
          logY: true
        }),
        ['a'],
        ['e1', 'e2']
      );
      expect(code).toContain('ExperimentAnalytics(search_expression={');
      expect(code).toContain(
        [
          '    data,',
          '    "train.loss - Min",',
          '    "val:acc - Max",',
          '    color="optimizer",',
          '    kind="scatter",',
          '    log_x=True,',
          '    log_y=True,'
        ].join('\n')
      );
    });

    it('should draw a zoomed range in the notebook too', () => {
      const timeSeries = props({ dataType: 'timeSeries', metric: 'loss' });
      const range = {
        plot: [100, 200] as [number, number],
        min: 100,
        max: 200
      };
      expect(
        notebookCode(timeSeries, ['a'], [], codeRange(range, timeSeries))
      ).toContain('    x_range=(100, 200),\n');
      const wall = { ...timeSeries, xAxis: 'wallTime' as const };
      const wallRange = { ...range, min: 1733356800500, max: 1733356860000 };
      expect(
        notebookCode(wall, ['a'], [], codeRange(wallRange, wall))
      ).toContain('    x_range=(1733356800.5, 1733356860),\n');
      const logX = { ...timeSeries, logX: true };
      const logCode = notebookCode(logX, ['a'], [], codeRange(range, logX));
      expect(logCode).toContain('    log_x=True,\n    x_range=(100, 200),\n');
      expect(logCode).not.toContain('update_xaxes');
      expect(codeRange(null, timeSeries)).toBeNull();
      expect(notebookCode(timeSeries, ['a'])).not.toContain('x_range');
    });

    it('should escape quotes, backslashes and control characters', () => {
      const code = notebookCode(
        props({
          x: 'Parameters.say "hi"\\now',
          y: 'Metrics.ünï\ncode.Last'
        }),
        ['a"b', 'c\\d'],
        []
      );
      expect(code).toContain('"Value": "a\\"b,c\\\\d"');
      expect(code).toContain('    "say \\"hi\\"\\\\now",');
      expect(code).toContain('    "ünï\\ncode - Last",');
    });

    it('should match names with commas one by one', () => {
      const code = notebookCode(
        props({ x: 'Parameters.lr', y: 'Metrics.loss.Last' }),
        ['plain', 'with,comma', ' padded ', 'other'],
        []
      );
      expect(code).toContain(
        [
          '    "Filters": [',
          '        {"Name": "TrialComponentName", "Operator": "Equals", "Value": "with,comma"},',
          '        {"Name": "TrialComponentName", "Operator": "Equals", "Value": " padded "},',
          '        {"Name": "TrialComponentName", "Operator": "In", "Value": "plain,other"},',
          '    ],',
          '    "Operator": "Or",'
        ].join('\n')
      );
    });

    it('should split long lists to fit the search limits', () => {
      const names = Array.from(
        { length: 300 },
        (_, index) =>
          `component-${String(index).padStart(3, '0')}-${'x'.repeat(90)}`
      );
      const code = notebookCode(
        props({ x: 'Parameters.lr', y: 'Metrics.loss.Last' }),
        names,
        []
      );
      const values = (code.match(/"Value": "[^"]*"/g) ?? []).map(
        match => JSON.parse(match.slice('"Value": '.length)) as string
      );
      expect(values.every(value => value.length <= 1024)).toBe(true);
      expect(values.join(',').split(',')).toEqual(names);
      // 300 names of 104 characters take 34 filters, over the 20 per list.
      expect(values).toHaveLength(34);
      expect(code).toContain('import pandas as pd');
      expect(code).toContain('data = pd.concat(');
      expect(code.match(/"Operator": "Or"/g)).toHaveLength(2);
    });

    it('should rebuild a time series chart from component names', () => {
      const code = notebookCode(
        props({
          dataType: 'timeSeries',
          chartType: 'scatter',
          metric: 'train:loss',
          xAxis: 'relativeTime',
          smoothing: 0.6,
          logX: true,
          logY: true
        }),
        ['run-a', 'run "b"', 'run-a'],
        ['e']
      );
      expect(code).toBe(
        [
          'from jupyterlab_experiments.charts import time_series_chart',
          '',
          'figure = time_series_chart(',
          '    [',
          '        "run-a",',
          '        "run \\"b\\"",',
          '    ],',
          '    "train:loss",',
          '    x="relative_time",',
          '    smoothing=0.6,',
          '    log_x=True,',
          '    log_y=True,',
          ')',
          'figure.update_traces(mode="markers")',
          'figure',
          ''
        ].join('\n')
      );
    });

    it('should say so when nothing is selected', () => {
      expect(notebookCode(props(), [], [])).toMatch(/^# No trial components/);
    });
  });

  describe('pythonString()', () => {
    it('should keep non-ASCII characters', () => {
      expect(pythonString('größe 学习率')).toBe('"größe 学习率"');
      expect(pythonString('tab\there')).toBe('"tab\\there"');
      expect(pythonString('\u0001')).toBe('"\\u0001"');
    });
  });

  describe('sharedExperimentNames()', () => {
    const parent = (experiment: string) => ({
      trial_name: `t-${experiment}`,
      experiment_name: experiment
    });

    it('should list the experiments when every component has one', () => {
      expect(
        sharedExperimentNames([
          component('a', {}, {}, { parents: [parent('e')] }),
          component('b', {}, {}, { parents: [parent('e')] })
        ])
      ).toEqual(['e']);
    });

    it('should return nothing when a component has no trial', () => {
      expect(
        sharedExperimentNames([
          component('a', {}, {}, { parents: [parent('e')] }),
          component('b', {}, {})
        ])
      ).toEqual([]);
    });
  });

  describe('newChartWidgetId()', () => {
    it('should return a different valid id each time', () => {
      const first = newChartWidgetId();
      const second = newChartWidgetId();
      expect(first).not.toBe(second);
      expect(parseChartWidgetId(first)).toBe(first);
      expect(parseChartWidgetId(second)).toBe(second);
    });
  });

  describe('parseChartWidgetId()', () => {
    it('should reject values that are not chart ids', () => {
      for (const value of [
        undefined,
        null,
        42,
        '',
        'jp-experiments-chart-',
        'jp-experiments-table-abc',
        'jp-experiments-chart-a b',
        'jp-experiments-chart-"><img>',
        `jp-experiments-chart-${'a'.repeat(65)}`
      ]) {
        expect(parseChartWidgetId(value)).toBeNull();
      }
      expect(parseChartWidgetId('jp-experiments-chart-1vmdioa')).toBe(
        'jp-experiments-chart-1vmdioa'
      );
    });
  });
});

describe('ChartWidget', () => {
  let client: FakeClient;
  let monitor: RevisionMonitor;
  let widget: ChartWidget;
  let copied: string[];

  beforeAll(() => {
    // jsdom has no canvas; plotly only measures text with it.
    jest
      .spyOn(HTMLCanvasElement.prototype, 'getContext')
      .mockImplementation(() => null);
  });

  beforeEach(() => {
    client = new FakeClient();
    client.components = [
      component(
        'run-a',
        { hidden_channels: 5, optimizer: 'adam' },
        { 'test:loss': { last: 0.4 }, 'train:loss': { last: 0.3 } },
        { display_name: '<i>Run A</i>' }
      ),
      component(
        'run-b',
        { hidden_channels: 10, optimizer: 'sgd' },
        { 'test:loss': { last: 0.2 } }
      ),
      component('run-c', { hidden_channels: 20 }, {})
    ];
    client.series = {
      'run-a': {
        'test:loss': Array.from({ length: 5000 }, (_, step) => ({
          step,
          timestamp: null,
          value: 1 / (step + 1)
        })),
        'train:loss': [{ step: 0, timestamp: null, value: 0.3 }]
      },
      'run-b': {
        'test:loss': [{ step: 0, timestamp: null, value: 0.2 }]
      }
    };
    monitor = new RevisionMonitor({ client, auto: false });
    copied = [];
  });

  afterEach(() => {
    widget.dispose();
    monitor.dispose();
  });

  function open(
    names: string[],
    properties?: Partial<IChartProperties>,
    themeChanged?: Signal<unknown, unknown>
  ): HTMLElement {
    widget = new ChartWidget({
      client,
      monitor,
      translator: nullTranslator,
      names,
      properties,
      themeChanged,
      onCopyCode: code => copied.push(code)
    });
    Widget.attach(widget, document.body);
    return widget.content.node;
  }

  async function loaded(): Promise<void> {
    await waitFor(() => !widget.content.loading);
  }

  it('should load every component and choose default axes', async () => {
    const node = open(['run-a', 'run-b', 'run-c', 'run-a']);
    expect(widget.names).toEqual(['run-a', 'run-b', 'run-c']);
    expect(widget.title.label).toBe('Chart (3)');
    await loaded();
    // One request fetches every component.
    expect(
      client.calls.filter(call => call.startsWith('listTrialComponents'))
    ).toEqual([
      'listTrialComponents({"trial_components":["run-a","run-b","run-c"]} uncounted)'
    ]);
    expect(widget.properties).toMatchObject({
      dataType: 'summary',
      chartType: 'line',
      x: 'Parameters.hidden_channels',
      y: 'Metrics.test:loss.Last',
      metric: 'test:loss'
    });
    await waitFor(() =>
      node.textContent!.includes('1 component without values is not shown')
    );
    const xSelect = document.getElementById(
      `${widget.id}-content-properties-x`
    );
    expect((xSelect as HTMLSelectElement).value).toBe(
      'Parameters.hidden_channels'
    );
  });

  it('should draw the chart with names shown literally', async () => {
    const node = open(['run-a', 'run-b'], { color: 'trialComponent' });
    await loaded();
    await waitFor(
      () =>
        node.querySelector('.jp-ExperimentsChart-plot.js-plotly-plot') !== null,
      10000
    );
    const legend = Array.from(node.querySelectorAll('.legendtext')).map(
      item => item.textContent
    );
    expect(legend).toEqual(['<i>Run A</i>', 'run-b']);
    expect(node.querySelector('.legend i')).toBeNull();
  });

  it('should keep restored properties', async () => {
    open(['run-a', 'run-b'], {
      chartType: 'bar',
      x: 'Parameters.optimizer',
      logY: true
    });
    await loaded();
    expect(widget.properties).toMatchObject({
      chartType: 'bar',
      x: 'Parameters.optimizer',
      y: 'Metrics.test:loss.Last',
      logY: true
    });
    expect(parseChartWidgetId(widget.id)).toBe(widget.id);
  });

  it('should keep a restored id and give new charts their own', () => {
    const restored = new ChartWidget({
      client,
      translator: nullTranslator,
      id: 'jp-experiments-chart-saved-1',
      names: ['run-a']
    });
    const first = new ChartWidget({
      client,
      translator: nullTranslator,
      names: ['run-a']
    });
    const second = new ChartWidget({
      client,
      translator: nullTranslator,
      id: 'not a chart id',
      names: ['run-a']
    });
    expect(restored.id).toBe('jp-experiments-chart-saved-1');
    expect(parseChartWidgetId(first.id)).toBe(first.id);
    expect(parseChartWidgetId(second.id)).toBe(second.id);
    expect(second.id).not.toBe(first.id);
    restored.dispose();
    first.dispose();
    second.dispose();
  });

  it('should fetch time series within the point budget', async () => {
    const node = open(['run-a', 'run-b', 'run-c'], {
      dataType: 'timeSeries'
    });
    await loaded();
    const requests = client.calls.filter(call =>
      call.startsWith('getMetricSeries')
    );
    // jsdom lays nothing out, so the budget is the default; run-c has no
    // such metric and is not asked for.
    expect(requests).toEqual([
      'getMetricSeries(run-a test:loss max 2000)',
      'getMetricSeries(run-b test:loss max 2000)'
    ]);
    await waitFor(() => node.textContent!.includes('1 series is reduced'));
    expect(node.textContent).toContain(
      '1 component without points of this metric is not shown'
    );
  });

  it('should fetch the series again when the metric changes only', async () => {
    open(['run-a'], { dataType: 'timeSeries' });
    await loaded();
    const count = () =>
      client.calls.filter(call => call.startsWith('getMetricSeries')).length;
    expect(count()).toBe(1);
    await widget.content.setProperties({ smoothing: 0.5, logY: true });
    expect(count()).toBe(1);
    await widget.content.setProperties({ metric: 'train:loss' });
    expect(count()).toBe(2);
    expect(client.calls).toContain(
      'getMetricSeries(run-a train:loss max 2000)'
    );
    await widget.content.setProperties({ xAxis: 'wallTime' });
    expect(count()).toBe(3);
    expect(client.calls).toContain(
      'getMetricSeries(run-a train:loss max 2000 x wall_time)'
    );
  });

  it('should ask for log buckets on a log x axis', async () => {
    open(['run-a'], { dataType: 'timeSeries', metric: 'train:loss' });
    await loaded();
    await widget.content.setProperties({ logX: true });
    expect(client.calls).toContain(
      'getMetricSeries(run-a train:loss max 2000 scale log)'
    );
    // Wall times are never drawn on a log axis.
    await widget.content.setProperties({ xAxis: 'wallTime' });
    expect(client.calls).toContain(
      'getMetricSeries(run-a train:loss max 2000 x wall_time)'
    );
  });

  it('should reload on a new revision and keep the properties', async () => {
    const node = open(['run-a', 'run-b']);
    await loaded();
    await widget.content.setProperties({ chartType: 'scatter', logY: true });
    await monitor.refresh();
    await monitor.tick;

    client.components = client.components.map(item =>
      item.name === 'run-b'
        ? { ...item, metrics: [metric('test:loss', { last: -1 })] }
        : item
    );
    client.revision = 2;
    await monitor.refresh();
    await monitor.tick;
    await waitFor(() =>
      node.textContent!.includes(
        '1 point with a value ≤ 0 is not shown on the log axis'
      )
    );
    expect(widget.properties.chartType).toBe('scatter');
    expect(widget.properties.logY).toBe(true);
  });

  it('should follow new names and signal the change', async () => {
    open(['run-a']);
    await loaded();
    let changes = 0;
    widget.stateChanged.connect(() => changes++);
    await widget.setNames(['run-b', 'run-c']);
    expect(widget.names).toEqual(['run-b', 'run-c']);
    expect(widget.title.label).toBe('Chart (2)');
    expect(changes).toBeGreaterThan(0);
    expect(client.calls).toContain(
      'listTrialComponents({"trial_components":["run-b","run-c"]} uncounted)'
    );
    expect(widget.content.components.map(item => item.name)).toEqual([
      'run-b',
      'run-c'
    ]);
  });

  it('should report components that could not be loaded', async () => {
    const node = open(['run-a', 'gone']);
    await loaded();
    await waitFor(() =>
      node.textContent!.includes(
        '1 trial component could not be loaded: Trial component gone was not found'
      )
    );
  });

  it('should keep components on screen when the request fails', async () => {
    const node = open(['run-a', 'run-b']);
    await loaded();
    client.failNext = new Error('The server is not responding');
    await widget.content.load();
    expect(widget.content.components.map(item => item.name)).toEqual([
      'run-a',
      'run-b'
    ]);
    await waitFor(() =>
      node.textContent!.includes(
        '2 trial components could not be loaded: The server is not responding'
      )
    );
  });

  it('should keep updating the others after a component is deleted', async () => {
    const node = open(['run-a', 'run-b']);
    await loaded();
    client.components = client.components.filter(c => c.name !== 'run-b');
    client.calls = [];
    await widget.content.load();
    expect(widget.content.components.map(item => item.name)).toEqual(['run-a']);
    expect(client.calls).toEqual([
      'listTrialComponents({"trial_components":["run-a","run-b"]} uncounted)',
      'getTrialComponent(run-a)',
      'getTrialComponent(run-b)'
    ]);
    await waitFor(() =>
      node.textContent!.includes(
        '1 trial component could not be loaded: Trial component run-b was not found'
      )
    );
  });

  it('should split long names over requests of bounded length', async () => {
    const many = Array.from({ length: 700 }, (_, index) =>
      component(`${String(index).padStart(3, '0')}-${'n'.repeat(96)}`, {}, {})
    );
    client.components = many;
    open(many.map(item => item.name));
    await loaded();
    const scopes = client.calls
      .filter(call => call.startsWith('listTrialComponents'))
      .map(call =>
        call.slice('listTrialComponents('.length, -' uncounted)'.length)
      );
    expect(scopes.length).toBeGreaterThan(1);
    for (const scope of scopes) {
      expect(encodeURIComponent(scope).length).toBeLessThanOrEqual(16_100);
    }
    expect(widget.content.components).toHaveLength(700);
  });

  it('should chart names that differ in letter case once', async () => {
    open(['run-a', 'RUN-A', 'run-b', 'Run-B']);
    expect(widget.names).toEqual(['run-a', 'run-b']);
    await loaded();
    expect(widget.content.components.map(item => item.name)).toEqual([
      'run-a',
      'run-b'
    ]);
  });

  it('should fetch more than a thousand components in parts', async () => {
    const many = Array.from({ length: 1001 }, (_, index) =>
      component(`run-${index}`, { hidden_channels: index }, {})
    );
    client.components = many;
    open(many.map(item => item.name));
    await loaded();
    const lists = client.calls.filter(call =>
      call.startsWith('listTrialComponents')
    );
    expect(lists).toHaveLength(2);
    expect(lists[1]).toBe(
      'listTrialComponents({"trial_components":["run-1000"]} uncounted)'
    );
    expect(widget.content.components).toHaveLength(1001);
  });

  it('should copy the notebook code of the chart', async () => {
    client.components[0].parents = [
      { trial_name: 't', experiment_name: 'exp' }
    ];
    const node = open(['run-a']);
    await loaded();
    const findButton = () =>
      Array.from(node.querySelectorAll('button')).find(
        item => item.textContent === 'Copy as notebook code'
      );
    await waitFor(() => findButton() !== undefined);
    findButton()!.click();
    expect(copied).toHaveLength(1);
    expect(copied[0]).toContain('experiment_name="exp"');
    expect(copied[0]).toContain('"Value": "run-a"');
    expect(copied[0]).toContain('"hidden_channels",');
  });

  it('should keep exports local', async () => {
    const config = chartConfig(await loadPlotly(), trans);
    expect(config.displaylogo).toBe(false);
    expect(config.showSendToCloud).toBe(false);
    expect(config.toImageButtonOptions?.format).toBe('png');
    const buttons = (config.modeBarButtonsToAdd ?? []) as { name: string }[];
    expect(buttons.map(button => button.name)).toEqual(['downloadSvg']);
  });

  it('should offer no upload button in the mode bar', async () => {
    const node = open(['run-a', 'run-b']);
    await loaded();
    await waitFor(() => node.querySelector('.modebar-btn') !== null, 10000);
    const titles = Array.from(node.querySelectorAll('.modebar-btn')).map(
      button => button.getAttribute('data-title')
    );
    expect(titles).toContain('Download plot as a PNG');
    expect(titles).toContain('Download plot as SVG');
    expect(titles).not.toContain('Share chart...');
  });

  describe('zoom', () => {
    /** The plot node, with what plotly stores on it. */
    type PlotNode = HTMLElement & {
      data?: { x?: ArrayLike<unknown> }[];
      layout?: { xaxis?: { range?: unknown[]; autorange?: unknown } };
      emit?: (name: string, event: object) => void;
      _ev?: { listenerCount(name: string): number };
    };

    async function drawnPlot(node: HTMLElement): Promise<PlotNode> {
      const find = () =>
        node.querySelector<PlotNode>('.jp-ExperimentsChart-plot');
      // The chart listens once plotly has drawn the plot.
      await waitFor(
        () => (find()?._ev?.listenerCount('plotly_relayout') ?? 0) > 0,
        10000
      );
      return find()!;
    }

    function drawnX(plot: PlotNode): unknown[] {
      return Array.from(plot.data?.[0]?.x ?? []);
    }

    function steps(first: number, last: number): number[] {
      return Array.from({ length: last - first + 1 }, (_, i) => first + i);
    }

    function seriesCalls(): string[] {
      return client.calls.filter(call => call.startsWith('getMetricSeries'));
    }

    function rangeCalls(): string[] {
      return seriesCalls().filter(call => call.includes(' range '));
    }

    function pause(ms: number): Promise<void> {
      return new Promise(resolve => setTimeout(resolve, ms));
    }

    async function zoomedChart(): Promise<{
      node: HTMLElement;
      plot: PlotNode;
    }> {
      const node = open(['run-a'], { dataType: 'timeSeries' });
      await loaded();
      const plot = await drawnPlot(node);
      await waitFor(() => drawnX(plot).length === 2000, 10000);
      plot.emit!('plotly_relayout', {
        'xaxis.range[0]': 100,
        'xaxis.range[1]': 200
      });
      await waitFor(() => drawnX(plot).length === 103, 5000);
      return { node, plot };
    }

    it('should draw a zoomed range at full resolution', async () => {
      const { node, plot } = await zoomedChart();
      // All points in the range, and the nearest one outside each end.
      expect(drawnX(plot)).toEqual(steps(99, 201));
      expect(rangeCalls()).toEqual([
        'getMetricSeries(run-a test:loss max 2000 range 100 200)'
      ]);
      expect(plot.layout?.xaxis?.range).toEqual([100, 200]);
      await waitFor(() => !node.textContent!.includes('reduced'));
    });

    it('should go back to the whole series on autorange', async () => {
      const { node, plot } = await zoomedChart();
      plot.emit!('plotly_relayout', {
        'xaxis.autorange': true,
        'yaxis.autorange': true
      });
      await waitFor(() => drawnX(plot).length === 2000, 5000);
      expect(seriesCalls()).toHaveLength(2);
      expect(plot.layout?.xaxis?.range).not.toEqual([100, 200]);
      await waitFor(() => node.textContent!.includes('1 series is reduced'));
    });

    it('should fetch once after rapid zooms', async () => {
      const node = open(['run-a'], { dataType: 'timeSeries' });
      await loaded();
      const plot = await drawnPlot(node);
      for (const [low, high] of [
        [100, 200],
        [150, 250],
        [300, 400]
      ]) {
        plot.emit!('plotly_relayout', { 'xaxis.range': [low, high] });
      }
      await waitFor(() => drawnX(plot)[0] === 299, 5000);
      await pause(300);
      expect(rangeCalls()).toEqual([
        'getMetricSeries(run-a test:loss max 2000 range 300 400)'
      ]);
      expect(drawnX(plot)).toEqual(steps(299, 401));
    });

    it('should drop the slower answer of an earlier zoom', async () => {
      const fetch = client.getMetricSeries.bind(client);
      let release = () => {};
      const held = new Promise<void>(resolve => (release = resolve));
      client.getMetricSeries = async (name, metricName, options = {}) => {
        const result = await fetch(name, metricName, options);
        if (options.xMin === 100) {
          await held;
        }
        return result;
      };
      const node = open(['run-a'], { dataType: 'timeSeries' });
      await loaded();
      const plot = await drawnPlot(node);
      plot.emit!('plotly_relayout', { 'xaxis.range': [100, 200] });
      await waitFor(() => rangeCalls().length === 1, 2000);
      plot.emit!('plotly_relayout', { 'xaxis.range': [300, 400] });
      await waitFor(() => drawnX(plot)[0] === 299, 5000);

      release();
      await pause(300);
      expect(rangeCalls()).toHaveLength(2);
      expect(drawnX(plot)).toEqual(steps(299, 401));
      expect(plot.layout?.xaxis?.range).toEqual([300, 400]);
    });

    it('should fetch a range zoomed while a metric loads', async () => {
      // train:loss has one point, so the chart starts without downsampling.
      const node = open(['run-a'], {
        dataType: 'timeSeries',
        metric: 'train:loss'
      });
      await loaded();
      const plot = await drawnPlot(node);

      const fetch = client.getMetricSeries.bind(client);
      let release = () => {};
      const held = new Promise<void>(resolve => (release = resolve));
      client.getMetricSeries = async (name, metricName, options = {}) => {
        const result = await fetch(name, metricName, options);
        if (metricName === 'test:loss' && options.xMin === undefined) {
          await held;
        }
        return result;
      };

      const switched = widget.content.setProperties({ metric: 'test:loss' });
      // Zoom once the chart is drawn with the new metric, while its series
      // are still on their way.
      await waitFor(
        () =>
          (plot.layout as { yaxis?: { title?: { text?: string } } })?.yaxis
            ?.title?.text === 'test:loss',
        5000
      );
      plot.emit!('plotly_relayout', { 'xaxis.range': [100, 200] });
      await pause(300);

      release();
      await switched;
      await loaded();
      await waitFor(() => drawnX(plot).length === 103, 5000);
      expect(drawnX(plot)).toEqual(steps(99, 201));
      expect(rangeCalls()).toEqual([
        'getMetricSeries(run-a test:loss max 2000 range 100 200)'
      ]);
    });

    it('should not fetch for y zooms or whole series', async () => {
      const node = open(['run-a', 'run-b'], { dataType: 'timeSeries' });
      await loaded();
      const plot = await drawnPlot(node);
      plot.emit!('plotly_relayout', {
        'yaxis.range[0]': 0,
        'yaxis.range[1]': 0.5
      });
      await pause(300);
      expect(rangeCalls()).toEqual([]);

      // run-b has one point, all of which the chart has already.
      plot.emit!('plotly_relayout', { 'xaxis.range': [0, 10] });
      await waitFor(() => rangeCalls().length === 1, 2000);
      await pause(300);
      expect(rangeCalls()).toEqual([
        'getMetricSeries(run-a test:loss max 2000 range 0 10)'
      ]);
    });

    it('should fetch the range again on live updates', async () => {
      const { plot } = await zoomedChart();
      // The monitor's first check only reads the current revision.
      await monitor.refresh();
      await monitor.tick;
      client.series['run-a']['test:loss'][150].value = 42;
      client.revision = 2;
      await monitor.refresh();
      await monitor.tick;
      await waitFor(() => rangeCalls().length === 2, 5000);
      await loaded();
      await waitFor(
        () => (plot.data?.[0] as { y?: number[] }).y?.[51] === 42,
        5000
      );
      expect(drawnX(plot)).toEqual(steps(99, 201));
      expect(plot.layout?.xaxis?.range).toEqual([100, 200]);
    });

    it('should end the zoom when the axes change', async () => {
      const { plot } = await zoomedChart();
      await widget.content.setProperties({ logY: true });
      await waitFor(() => drawnX(plot).length === 2000, 5000);
      expect(plot.layout?.xaxis?.range).not.toEqual([100, 200]);
      expect(rangeCalls()).toHaveLength(1);
    });
  });

  it('should read the theme again when it changes', async () => {
    const themeChanged = new Signal<unknown, unknown>({});
    const node = open(['run-a', 'run-b'], {}, themeChanged);
    await loaded();
    await waitFor(() => node.querySelector('.js-plotly-plot') !== null, 10000);
    document.body.style.setProperty('--jp-layout-color0', 'rgb(1, 2, 3)');
    themeChanged.emit(null);
    await waitFor(() => {
      const background = node.querySelector('.main-svg');
      return (
        background?.getAttribute('style')?.includes('rgb(1, 2, 3)') ?? false
      );
    }, 5000);
    document.body.style.removeProperty('--jp-layout-color0');
  });
});

describe('ExperimentsClient', () => {
  describe('#getMetricSeries()', () => {
    function createClient(body: unknown) {
      const urls: string[] = [];
      const fetch = jest.fn(async (request: Request) => {
        urls.push(request.url);
        return new Response(JSON.stringify(body), { status: 200 });
      });
      const serverSettings = ServerConnection.makeSettings({
        baseUrl: 'http://localhost:8888/',
        fetch: fetch as unknown as typeof window.fetch
      });
      return { client: new ExperimentsClient({ serverSettings }), urls };
    }

    it('should send the point budget and read the downsampling fields', async () => {
      const body = {
        metric_name: 'val/loss',
        points: [{ step: 0, timestamp: null, value: 'NaN' }],
        downsampled: true,
        point_count: 100000
      };
      const { client, urls } = createClient(body);
      const result = await client.getMetricSeries('run a', 'val/loss', {
        maxPoints: 1600,
        x: 'wall_time'
      });
      expect(urls).toEqual([
        'http://localhost:8888/jupyterlab-experiments/api/trial-components/run%20a/metrics/val%2Floss?max_points=1600&x=wall_time'
      ]);
      expect(result).toEqual(body);
    });

    it('should send the x range', async () => {
      const { client, urls } = createClient({ metric_name: 'm', points: [] });
      await client.getMetricSeries('a', 'm', {
        maxPoints: 2000,
        xMin: 55000,
        xMax: 56000.5
      });
      await client.getMetricSeries('a', 'm', {
        x: 'relative_time',
        xMin: 1796000000.125
      });
      await client.getMetricSeries('a', 'm', { xMin: -1e-7, xMax: 1e21 });
      expect(urls.map(url => url.split('?')[1])).toEqual([
        'max_points=2000&x_min=55000&x_max=56000.5',
        'x=relative_time&x_min=1796000000.125',
        'x_min=-1e-7&x_max=1e%2B21'
      ]);
    });

    it('should send no budget by default', async () => {
      const { client, urls } = createClient({ metric_name: 'm', points: [] });
      await client.getMetricSeries('a', 'm');
      expect(urls).toEqual([
        'http://localhost:8888/jupyterlab-experiments/api/trial-components/a/metrics/m'
      ]);
    });
  });
});
