import { nullTranslator } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import React from 'react';
import type { IMetricSeries, IMetricSummary } from '../api/types';
import { artifactFigure } from '../components/artifactFigures';
import type { IChartTheme } from '../components/ChartView';
import { DescribeView } from '../components/DescribeView';
import { TrialComponentModel } from '../model/describe';
import {
  chartArtifactRefs,
  ChartDocumentError,
  DescribeChartsModel,
  type IConfusionMatrixChart,
  parseChartDocument
} from '../model/describeCharts';
import type { IChartDocument } from '../tokens';
import { FakeClient, makeComponent, waitFor } from './fakes';

const trans = nullTranslator.load('jupyterlab_experiments');
const THEME: IChartTheme = {
  background: 'white',
  foreground: 'black',
  secondary: 'gray'
};
const NAME = 'eval-run';

function summary(
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
    count: 3,
    time_stamp: '2026-12-01T09:00:03Z',
    ...fields
  };
}

function points(values: number[], withSteps = true): IMetricSeries['points'] {
  return values.map((value, index) => ({
    step: withSteps ? index : null,
    timestamp: `2026-12-01T09:00:0${index}Z`,
    value
  }));
}

const CONFUSION: IChartDocument = {
  type: 'ConfusionMatrix',
  version: 0,
  title: 'confusion',
  confusionMatrix: [
    [5, 1],
    [2, 7]
  ]
};

const ROC: IChartDocument = {
  type: 'ROCCurve',
  version: 0,
  title: 'roc',
  falsePositiveRate: [0, 0.5, 1],
  truePositiveRate: [0, 0.75, 1],
  areaUnderCurve: 0.8125
};

const PRECISION_RECALL: IChartDocument = {
  type: 'PrecisionRecallCurve',
  version: 0,
  title: 'pr',
  precision: [0.5, 0.75, 1],
  recall: [1, 0.5, 0],
  averagePrecisionScore: 0.625,
  noSkill: 0.5
};

function artifact(value: string, mediaType: string | null) {
  return { value, media_type: mediaType };
}

function evaluationComponent(metrics = [summary('loss'), summary('acc')]) {
  return makeComponent(NAME, {
    metrics,
    output_artifacts: {
      roc: artifact('file:///store/artifacts/roc.json', 'application/json'),
      confusion: artifact(
        'file:///store/artifacts/confusion.json',
        'application/json'
      ),
      settings: artifact(
        'file:///store/artifacts/settings.json',
        'application/json'
      ),
      model: artifact('s3://bucket/model.tar.gz', null)
    },
    input_artifacts: {
      dataset: artifact('file:///data/train.csv', 'text/csv'),
      'input-roc': artifact(
        'file:///store/artifacts/input-roc.json',
        'application/json'
      ),
      remote: artifact('s3://bucket/chart.json', 'application/json')
    }
  });
}

function notAChart(): Error {
  return Object.assign(new Error('Not a chart'), {
    errorCode: 'NotAChartArtifact'
  });
}

function seededClient(): FakeClient {
  const client = new FakeClient();
  client.components = [evaluationComponent()];
  client.series[NAME] = {
    loss: points([0.9, 0.5, 0.3]),
    acc: points([0.5, 0.7, 0.8])
  };
  client.chartArtifacts[NAME] = {
    'output:roc': ROC,
    'output:confusion': CONFUSION,
    'output:settings': notAChart(),
    'input:input-roc': ROC
  };
  return client;
}

function calls(client: FakeClient, method: string): string[] {
  return client.calls.filter(call => call.startsWith(method));
}

describe('model/describeCharts', () => {
  describe('parseChartDocument()', () => {
    it('should label a confusion matrix with class indices', () => {
      const chart = parseChartDocument(CONFUSION) as IConfusionMatrixChart;
      expect(chart.kind).toBe('confusionMatrix');
      expect(chart.title).toBe('confusion');
      expect(chart.matrix).toEqual([
        [5, 1],
        [2, 7]
      ]);
      expect(chart.labels).toEqual(['0', '1']);
    });

    it('should use the labels of a document that has them', () => {
      const chart = parseChartDocument({
        ...CONFUSION,
        labels: ['cat', 2]
      }) as IConfusionMatrixChart;
      expect(chart.labels).toEqual(['cat', '2']);
    });

    it('should ignore labels that do not fit the matrix', () => {
      const chart = parseChartDocument({
        ...CONFUSION,
        labels: ['cat']
      }) as IConfusionMatrixChart;
      expect(chart.labels).toEqual(['0', '1']);
    });

    it.each([
      ['ragged', [[1, 2], [3]]],
      ['not square', [[1, 2]]],
      ['empty', []],
      [
        'text',
        [
          ['1', '2'],
          ['3', '4']
        ]
      ],
      ['missing', undefined]
    ])('should reject a %s confusion matrix', (_, matrix) => {
      expect(() =>
        parseChartDocument({ ...CONFUSION, confusionMatrix: matrix })
      ).toThrow(ChartDocumentError);
    });

    it('should read a ROC curve and its area', () => {
      expect(parseChartDocument(ROC)).toEqual({
        kind: 'rocCurve',
        title: 'roc',
        falsePositiveRate: [0, 0.5, 1],
        truePositiveRate: [0, 0.75, 1],
        areaUnderCurve: 0.8125
      });
    });

    it('should read a ROC curve without an area', () => {
      const chart = parseChartDocument({ ...ROC, areaUnderCurve: null });
      expect(chart).toMatchObject({ kind: 'rocCurve', areaUnderCurve: null });
    });

    it('should reject curves of different lengths', () => {
      expect(() =>
        parseChartDocument({ ...ROC, truePositiveRate: [0, 1] })
      ).toThrow('differ in length (3 and 2)');
    });

    it('should read a precision-recall curve', () => {
      expect(parseChartDocument(PRECISION_RECALL)).toEqual({
        kind: 'precisionRecall',
        title: 'pr',
        recall: [1, 0.5, 0],
        precision: [0.5, 0.75, 1],
        averagePrecision: 0.625,
        noSkill: 0.5
      });
    });

    it('should reject a curve with a missing field', () => {
      const document = { ...PRECISION_RECALL, recall: undefined };
      expect(() => parseChartDocument(document)).toThrow(
        'The recall field is not a list of finite numbers.'
      );
    });

    it('should return null for tables and unknown types', () => {
      expect(
        parseChartDocument({ type: 'Table', version: 0, fields: [] })
      ).toBeNull();
      expect(parseChartDocument({ type: 'Histogram', version: 0 })).toBeNull();
    });

    it('should reject a document that is not an object', () => {
      expect(() => parseChartDocument([CONFUSION])).toThrow(ChartDocumentError);
    });
  });

  describe('chartArtifactRefs()', () => {
    it('should list JSON files, outputs first, by name', () => {
      expect(
        chartArtifactRefs(evaluationComponent()).map(ref => ref.key)
      ).toEqual([
        'output:confusion',
        'output:roc',
        'output:settings',
        'input:input-roc'
      ]);
    });
  });

  describe('DescribeChartsModel', () => {
    let client: FakeClient;
    let model: DescribeChartsModel;

    beforeEach(() => {
      client = seededClient();
      model = new DescribeChartsModel({ name: NAME, client });
    });

    afterEach(() => {
      model.dispose();
    });

    describe('#update()', () => {
      it('should list the metrics by name and load nothing', () => {
        model.update(evaluationComponent());
        expect(model.metrics.map(entry => entry.metric)).toEqual([
          'acc',
          'loss'
        ]);
        expect(model.artifacts).toHaveLength(4);
        expect(calls(client, 'getMetricSeries')).toEqual([]);
        expect(calls(client, 'getChartArtifact')).toEqual([]);
      });

      it('should reload a shown metric when its summary changes', async () => {
        model.update(evaluationComponent());
        model.requestMetric('loss');
        await waitFor(() => model.metrics[1].data !== null);

        model.update(evaluationComponent());
        await new Promise(resolve => setTimeout(resolve, 20));
        expect(calls(client, 'getMetricSeries(eval-run loss')).toHaveLength(1);

        client.series[NAME].loss = points([0.9, 0.5, 0.3, 0.2]);
        model.update(
          evaluationComponent([summary('loss', { count: 4 }), summary('acc')])
        );
        await waitFor(
          () => model.metrics[1].data?.groups[0].items[0].x.length === 4
        );
        expect(calls(client, 'getMetricSeries(eval-run loss')).toHaveLength(2);
        expect(calls(client, 'getMetricSeries(eval-run acc')).toEqual([]);
      });

      it('should drop the chart of a removed metric', async () => {
        model.update(evaluationComponent());
        model.update(evaluationComponent([summary('acc')]));
        expect(model.metrics.map(entry => entry.metric)).toEqual(['acc']);
      });
    });

    describe('#requestMetric()', () => {
      it('should load the series over steps with the point budget', async () => {
        model.update(evaluationComponent());
        model.requestMetric('loss', 640);
        expect(model.metrics[1].loading).toBe(true);
        await waitFor(() => !model.metrics[1].loading);

        expect(calls(client, 'getMetricSeries')).toEqual([
          'getMetricSeries(eval-run loss max 640 x step)'
        ]);
        const entry = model.metrics[1];
        expect(entry.properties).toMatchObject({
          dataType: 'timeSeries',
          metric: 'loss',
          xAxis: 'step',
          color: 'none'
        });
        const curve = entry.data!.groups[0].items[0];
        expect(curve.x).toEqual([0, 1, 2]);
        expect(curve.y).toEqual([0.9, 0.5, 0.3]);
      });

      it('should load a requested metric once', async () => {
        model.update(evaluationComponent());
        model.requestMetric('loss');
        model.requestMetric('loss');
        await waitFor(() => !model.metrics[1].loading);
        expect(calls(client, 'getMetricSeries')).toHaveLength(1);
      });

      it('should draw a series without steps over relative time', async () => {
        client.series[NAME].loss = points([0.9, 0.5, 0.3], false);
        model.update(evaluationComponent());
        model.requestMetric('loss');
        await waitFor(() => model.metrics[1].data !== null);
        expect(model.metrics[1].properties.xAxis).toBe('relativeTime');
        expect(model.metrics[1].data!.groups[0].items[0].x).toEqual([0, 1, 2]);
      });

      it('should keep the error of a failed load', async () => {
        model.update(evaluationComponent());
        client.failNext = new Error('store is down');
        model.requestMetric('acc');
        await waitFor(() => !model.metrics[0].loading);
        expect(model.metrics[0].error?.message).toBe('store is down');
        expect(model.metrics[0].data).toBeNull();
      });
    });

    describe('#requestArtifact()', () => {
      it('should load and parse a chart document', async () => {
        model.update(evaluationComponent());
        model.requestArtifact('output:confusion');
        await waitFor(() => model.artifacts[0].chart !== null);
        expect(calls(client, 'getChartArtifact')).toEqual([
          'getChartArtifact(eval-run output:confusion)'
        ]);
        expect(model.artifacts[0].chart?.kind).toBe('confusionMatrix');
        expect(model.artifacts[0].skipped).toBe(false);
      });

      it('should ask for input artifacts by direction', async () => {
        model.update(evaluationComponent());
        model.requestArtifact('input:input-roc');
        await waitFor(() => model.artifacts[3].chart !== null);
        expect(calls(client, 'getChartArtifact')).toEqual([
          'getChartArtifact(eval-run input:input-roc)'
        ]);
      });

      it('should skip an artifact that is not a chart', async () => {
        model.update(evaluationComponent());
        model.requestArtifact('output:settings');
        await waitFor(() => !model.artifacts[2].loading);
        expect(model.artifacts[2]).toMatchObject({
          skipped: true,
          chart: null,
          error: null
        });
      });

      it('should skip a table', async () => {
        client.chartArtifacts[NAME]['output:roc'] = {
          type: 'Table',
          version: 0,
          fields: []
        };
        model.update(evaluationComponent());
        model.requestArtifact('output:roc');
        await waitFor(() => !model.artifacts[1].loading);
        expect(model.artifacts[1].skipped).toBe(true);
      });

      it('should report a chart document that cannot be drawn', async () => {
        client.chartArtifacts[NAME]['output:roc'] = {
          ...ROC,
          truePositiveRate: 'all'
        };
        model.update(evaluationComponent());
        model.requestArtifact('output:roc');
        await waitFor(() => !model.artifacts[1].loading);
        expect(model.artifacts[1].skipped).toBe(false);
        expect(model.artifacts[1].error).toBeInstanceOf(ChartDocumentError);
      });

      it('should report other errors', async () => {
        client.chartArtifacts[NAME]['output:roc'] = new Error('too large');
        model.update(evaluationComponent());
        model.requestArtifact('output:roc');
        await waitFor(() => !model.artifacts[1].loading);
        expect(model.artifacts[1]).toMatchObject({ skipped: false });
        expect(model.artifacts[1].error?.message).toBe('too large');
      });

      it('should reload a shown artifact whose file changed', async () => {
        model.update(evaluationComponent());
        model.requestArtifact('output:roc');
        await waitFor(() => model.artifacts[1].chart !== null);

        const moved = evaluationComponent();
        moved.output_artifacts.roc = artifact(
          'file:///store/artifacts/roc-2.json',
          'application/json'
        );
        client.chartArtifacts[NAME]['output:roc'] = {
          ...ROC,
          areaUnderCurve: 0.9
        };
        model.update(moved);
        await waitFor(
          () =>
            model.artifacts[1].chart?.kind === 'rocCurve' &&
            model.artifacts[1].chart.areaUnderCurve === 0.9
        );
        expect(calls(client, 'getChartArtifact')).toHaveLength(2);
      });
    });

    describe('#dispose()', () => {
      it('should ignore answers that arrive after disposal', async () => {
        model.update(evaluationComponent());
        model.requestMetric('loss');
        let emitted = 0;
        model.changed.connect(() => emitted++);
        model.dispose();
        await new Promise(resolve => setTimeout(resolve, 20));
        expect(emitted).toBe(0);
        expect(model.isDisposed).toBe(true);
      });
    });
  });
});

describe('components/artifactFigures', () => {
  describe('artifactFigure()', () => {
    it('should draw a confusion matrix as a heatmap of counts', () => {
      const chart = parseChartDocument({
        ...CONFUSION,
        labels: ['<b>cat</b>', 'dog']
      })!;
      const figure = artifactFigure(chart, 'confusion', THEME, trans);
      const trace = figure.data[0] as {
        type: string;
        x: string[];
        y: string[];
        z: number[][];
        text: string[][];
      };

      expect(trace.type).toBe('heatmap');
      expect(figure.data[0]).toMatchObject({
        colorscale: [
          [0, 'white'],
          [1, '#1f77b4']
        ]
      });
      expect(trace.x).toEqual(['&lt;b&gt;cat&lt;/b&gt;', 'dog']);
      expect(trace.y).toEqual(trace.x);
      expect(trace.z).toEqual([
        [5, 1],
        [2, 7]
      ]);

      expect(trace.text).toEqual([
        ['5', '1'],
        ['2', '7']
      ]);

      expect(figure.layout.xaxis).toMatchObject({
        type: 'category',
        categoryarray: trace.x,
        title: { text: 'Predicted label' }
      });
      expect(figure.layout.yaxis).toMatchObject({
        type: 'category',
        autorange: 'reversed',
        title: { text: 'True label' }
      });

      expect(figure.layout.title).toMatchObject({ text: 'confusion' });
      expect(figure.layout.font?.color).toBe('black');
    });

    it('should put the AUC in the title of a ROC curve', () => {
      const figure = artifactFigure(
        parseChartDocument(ROC)!,
        'x',
        THEME,
        trans
      );
      expect(figure.layout.title).toMatchObject({ text: 'roc (AUC 0.8125)' });
      expect(figure.data).toHaveLength(2);
      expect(figure.data[0]).toMatchObject({
        x: [0, 0.5, 1],
        y: [0, 0.75, 1],
        name: 'ROC curve'
      });
      expect(figure.data[1]).toMatchObject({ name: 'Chance', x: [0, 1] });
    });

    it('should name an untitled chart after its artifact', () => {
      const chart = parseChartDocument({
        ...ROC,
        title: null,
        areaUnderCurve: null
      })!;
      const figure = artifactFigure(chart, 'ROCCurve-<1>', THEME, trans);
      expect(figure.layout.title).toMatchObject({ text: 'ROCCurve-&lt;1&gt;' });
    });

    it('should put the average precision in the title of a PR curve', () => {
      const figure = artifactFigure(
        parseChartDocument(PRECISION_RECALL)!,
        'x',
        THEME,
        trans
      );
      expect(figure.layout.title).toMatchObject({
        text: 'pr (average precision 0.625)'
      });
      expect(figure.data[0]).toMatchObject({
        x: [1, 0.5, 0],
        y: [0.5, 0.75, 1],
        line: { shape: 'hv' }
      });
      expect(figure.data[1]).toMatchObject({ name: 'No skill', y: [0.5, 0.5] });
    });

    it('should leave out the no-skill line when it is unknown', () => {
      const chart = parseChartDocument({ ...PRECISION_RECALL, noSkill: null })!;
      expect(artifactFigure(chart, 'x', THEME, trans).data).toHaveLength(1);
    });
  });
});

/**
 * An `IntersectionObserver` whose elements come into sight when a test
 * calls `showAll`. The JupyterLab test setup installs one that never calls
 * back.
 */
class FakeIntersectionObserver {
  static instances = new Set<FakeIntersectionObserver>();

  constructor(callback: IntersectionObserverCallback) {
    this._callback = callback;
    FakeIntersectionObserver.instances.add(this);
  }

  /**
   * Bring every observed element into sight, once the cards have started
   * observing.
   */
  static async showAll(): Promise<void> {
    await waitFor(() => FakeIntersectionObserver.instances.size > 0);
    for (const observer of [...FakeIntersectionObserver.instances]) {
      const entries = [...observer._nodes].map(
        target =>
          ({ target, isIntersecting: true }) as IntersectionObserverEntry
      );
      observer._callback(entries, observer as unknown as IntersectionObserver);
    }
  }

  observe(node: Element): void {
    this._nodes.add(node);
  }

  unobserve(node: Element): void {
    this._nodes.delete(node);
  }

  disconnect(): void {
    this._nodes.clear();
    FakeIntersectionObserver.instances.delete(this);
  }

  takeRecords(): IntersectionObserverEntry[] {
    return [];
  }

  private _callback: IntersectionObserverCallback;
  private _nodes = new Set<Element>();
}

describe('DescribeView charts', () => {
  let client: FakeClient;
  let model: TrialComponentModel;
  let widget: Widget;
  let originalObserver: unknown;

  beforeAll(() => {
    // jsdom has no canvas; plotly only measures text with it.
    jest
      .spyOn(HTMLCanvasElement.prototype, 'getContext')
      .mockImplementation(() => null);
    originalObserver = window.IntersectionObserver;
    Object.defineProperty(window, 'IntersectionObserver', {
      value: FakeIntersectionObserver,
      configurable: true,
      writable: true
    });
  });

  afterAll(() => {
    Object.defineProperty(window, 'IntersectionObserver', {
      value: originalObserver,
      configurable: true,
      writable: true
    });
  });

  beforeEach(async () => {
    client = seededClient();
    model = new TrialComponentModel({ name: NAME, client });
    await model.load();
    widget = ReactWidget.create(
      React.createElement(DescribeView, {
        id: 'describe',
        name: NAME,
        component: model.component,
        stages: model.stages,
        loading: false,
        error: null,
        hasLog: false,
        log: '',
        logComplete: false,
        logTruncated: false,
        logError: null,
        charts: model.charts,
        trans,
        onDescribe: () => undefined,
        onShowTrial: () => undefined
      })
    );
    Widget.attach(widget, document.body);
    await waitFor(
      () =>
        widget.node.querySelector('.jp-ExperimentsDescribeCharts-toggle') !==
        null
    );
  });

  afterEach(() => {
    widget.dispose();
    model.dispose();
  });

  it('should load charts only once they come into sight', async () => {
    await waitFor(() => FakeIntersectionObserver.instances.size === 6);
    expect(calls(client, 'getMetricSeries')).toEqual([]);
    expect(calls(client, 'getChartArtifact')).toEqual([]);

    await FakeIntersectionObserver.showAll();
    await waitFor(() => calls(client, 'getChartArtifact').length === 4);
    expect(calls(client, 'getMetricSeries')).toHaveLength(2);
  });

  it('should draw one plot per metric and each logged chart', async () => {
    const node = widget.node;
    await FakeIntersectionObserver.showAll();
    await waitFor(
      () => node.querySelectorAll('.js-plotly-plot').length === 5,
      20000
    ).catch(error => {
      throw new Error(
        `${error}: ${node.querySelectorAll('.js-plotly-plot').length} plots; ${node.textContent}`
      );
    });

    const labels = Array.from(node.querySelectorAll('[role="figure"]')).map(
      figure => figure.getAttribute('aria-label')
    );
    expect(labels).toEqual([
      'Metric acc by step',
      'Metric loss by step',
      'Confusion matrix: confusion',
      'ROC curve: roc',
      'ROC curve: input-roc'
    ]);
    const heatmap = node.querySelector(
      '[aria-label="Confusion matrix: confusion"]'
    )!;
    await waitFor(() => heatmap.querySelectorAll('g.xtick text').length === 2);
    expect(
      Array.from(heatmap.querySelectorAll('g.xtick text')).map(
        tick => tick.textContent
      )
    ).toEqual(['0', '1']);
    // The JSON file that is not a chart gets no card.
    const section = node.querySelector('.jp-ExperimentsDescribeCharts')!;
    expect(
      section.querySelectorAll('.jp-ExperimentsDescribeCharts-card')
    ).toHaveLength(5);
    expect(section.textContent).not.toContain('settings');
  }, 30000);

  it('should hide the charts when the section is collapsed', async () => {
    const node = widget.node;
    const toggle = node.querySelector<HTMLButtonElement>(
      '.jp-ExperimentsDescribeCharts-toggle'
    )!;
    expect(toggle.textContent).toBe('Charts');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    toggle.click();
    await waitFor(() => toggle.getAttribute('aria-expanded') === 'false');
    expect(node.querySelector('.jp-ExperimentsDescribeCharts-grid')).toBeNull();
  });
});
