import { nullTranslator } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import React from 'react';
import { ExperimentsApiError } from '../api/errors';
import type { IMetricSummary, ITrialComponent } from '../api/types';
import { CompareView, type ICompareColumn } from '../components/CompareView';
import {
  betterDirection,
  buildComparison,
  compareWidgetId,
  type ICompareGroup,
  type ICompareRow,
  valuesEqual,
  visibleGroups
} from '../model/compare';
import { RevisionMonitor } from '../model/revision';
import { CompareWidget } from '../widgets/CompareWidget';
import { FakeClient, makeComponent, waitFor } from './fakes';

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

function findRow(groups: ICompareGroup[], key: string): ICompareRow {
  for (const group of groups) {
    const row = group.rows.find(r => r.key === key);
    if (row) {
      return row;
    }
  }
  throw new Error(`No row ${key}`);
}

function rowKeys(groups: ICompareGroup[], section: string): string[] {
  const group = groups.find(g => g.section === section);
  return group ? group.rows.map(r => r.key) : [];
}

function withMetrics(
  name: string,
  ...metrics: IMetricSummary[]
): ITrialComponent {
  return makeComponent(name, { metrics });
}

describe('model/compare', () => {
  describe('betterDirection()', () => {
    it.each([
      ['val_loss', 'lower'],
      ['Train:LOSS', 'lower'],
      ['test:error_rate', 'lower'],
      ['top1_err', 'lower'],
      ['MSE', 'lower'],
      ['val:mae', 'lower'],
      ['rmse', 'lower'],
      ['Perplexity', 'lower'],
      ['epoch_time', 'lower'],
      ['accuracy', 'higher'],
      ['test:Accuracy', 'higher'],
      ['f1', 'higher'],
      ['auc', 'higher']
    ])('should rank %s as %s is better', (name, direction) => {
      expect(betterDirection(name)).toBe(direction);
    });
  });

  describe('buildComparison()', () => {
    it('should list the sections in order', () => {
      const groups = buildComparison([makeComponent('a'), makeComponent('b')]);
      expect(groups.map(g => g.section)).toEqual([
        'properties',
        'parameters',
        'metrics',
        'inputArtifacts',
        'outputArtifacts'
      ]);
      expect(rowKeys(groups, 'properties')).toEqual([
        'properties.displayName',
        'properties.trials',
        'properties.status',
        'properties.type',
        'properties.created',
        'properties.start',
        'properties.end',
        'properties.duration'
      ]);
    });

    it('should compare the union of parameters, sorted', () => {
      const groups = buildComparison([
        makeComponent('a', { parameters: { lr: 0.1, epochs: 10 } }),
        makeComponent('b', { parameters: { lr: 0.1, batch: 32 } })
      ]);
      expect(rowKeys(groups, 'parameters')).toEqual([
        'parameters.batch',
        'parameters.epochs',
        'parameters.lr'
      ]);
      const batch = findRow(groups, 'parameters.batch');
      expect(batch.values).toEqual([null, 32]);
      expect(batch.differs).toBe(true);
      expect(findRow(groups, 'parameters.lr').differs).toBe(false);
    });

    it('should compare parameters as numbers', () => {
      const groups = buildComparison([
        makeComponent('a', {
          parameters: { nan: 'NaN', inf: 'Infinity', one: 1, text: '1' }
        }),
        makeComponent('b', {
          parameters: { nan: 'NaN', inf: 'Infinity', one: 1.0, text: 1 }
        })
      ]);
      const nan = findRow(groups, 'parameters.nan');
      expect(nan.values.every(v => typeof v === 'number' && isNaN(v))).toBe(
        true
      );
      expect(nan.differs).toBe(false);
      expect(findRow(groups, 'parameters.inf').values).toEqual([
        Infinity,
        Infinity
      ]);
      expect(findRow(groups, 'parameters.inf').differs).toBe(false);
      expect(findRow(groups, 'parameters.one').differs).toBe(false);
      // A string parameter is not the number with the same digits.
      expect(findRow(groups, 'parameters.text').differs).toBe(true);
    });

    it('should count an empty value as different from any other', () => {
      const groups = buildComparison([
        makeComponent('a', { parameters: { optimizer: '' } }),
        makeComponent('b', { parameters: {} })
      ]);
      const row = findRow(groups, 'parameters.optimizer');
      expect(row.values).toEqual(['', null]);
      expect(row.differs).toBe(true);
    });

    it('should add one row per metric statistic', () => {
      const groups = buildComparison([
        withMetrics('a', metric('loss', { min: 0.5, count: 3 })),
        withMetrics('b', metric('acc', { max: 0.9 }))
      ]);
      expect(rowKeys(groups, 'metrics')).toEqual([
        'metrics.acc.Min',
        'metrics.acc.Max',
        'metrics.acc.Avg',
        'metrics.acc.StdDev',
        'metrics.acc.Last',
        'metrics.acc.Count',
        'metrics.loss.Min',
        'metrics.loss.Max',
        'metrics.loss.Avg',
        'metrics.loss.StdDev',
        'metrics.loss.Last',
        'metrics.loss.Count'
      ]);
      const lossMin = findRow(groups, 'metrics.loss.Min');
      expect(lossMin.statistic).toBe('Min');
      expect(lossMin.name).toBe('loss');
      expect(lossMin.values).toEqual([0.5, null]);
      expect(findRow(groups, 'metrics.loss.Count').values).toEqual([3, null]);
    });

    it('should treat NaN metrics as equal', () => {
      const groups = buildComparison([
        withMetrics('a', metric('loss', { last: 'NaN', min: 'NaN' })),
        withMetrics('b', metric('loss', { last: 'NaN', min: 1 }))
      ]);
      expect(findRow(groups, 'metrics.loss.Last').differs).toBe(false);
      expect(findRow(groups, 'metrics.loss.Min').differs).toBe(true);
    });

    it('should derive the properties of each component', () => {
      const groups = buildComparison([
        makeComponent('a', {
          display_name: 'Training',
          source: {
            source_arn: 'arn:aws:sagemaker:us-east-1:0:training-job/a',
            source_type: 'SageMakerTrainingJob'
          },
          start_time: '2026-12-01T09:00:00Z',
          end_time: '2026-12-01T09:01:30Z',
          parents: [
            { trial_name: 't-2', experiment_name: 'e' },
            { trial_name: 't-1', experiment_name: 'e' }
          ]
        }),
        makeComponent('b', {
          status: { primary_status: 'Failed', message: 'boom' }
        })
      ]);
      expect(findRow(groups, 'properties.displayName').values).toEqual([
        'Training',
        null
      ]);
      expect(findRow(groups, 'properties.trials').values).toEqual([
        't-1, t-2',
        null
      ]);
      expect(findRow(groups, 'properties.type').values).toEqual([
        'training-job',
        'other'
      ]);
      expect(findRow(groups, 'properties.status').values).toEqual([
        'Completed',
        'Failed'
      ]);
      expect(findRow(groups, 'properties.duration').values).toEqual([
        90_000,
        null
      ]);
      expect(findRow(groups, 'properties.created').differs).toBe(false);
    });

    it('should compare times as instants', () => {
      const groups = buildComparison([
        makeComponent('a', { creation_time: '2026-12-01T09:00:00Z' }),
        makeComponent('b', { creation_time: '2026-12-01T09:00:00.000+00:00' })
      ]);
      expect(findRow(groups, 'properties.created').differs).toBe(false);
    });

    it('should compare artifact values', () => {
      const groups = buildComparison([
        makeComponent('a', {
          input_artifacts: { data: { value: 's3://b/d', media_type: null } },
          output_artifacts: { model: { value: 's3://b/m1', media_type: null } }
        }),
        makeComponent('b', {
          input_artifacts: {
            data: { value: 's3://b/d', media_type: 'text/csv' }
          },
          output_artifacts: { model: { value: 's3://b/m2', media_type: null } }
        })
      ]);
      const input = findRow(groups, 'inputArtifacts.data');
      expect(input.values).toEqual(['s3://b/d', 's3://b/d']);
      expect(input.differs).toBe(false);
      expect(findRow(groups, 'outputArtifacts.model').differs).toBe(true);
    });

    it('should leave unavailable components out of differences', () => {
      const groups = buildComparison([
        makeComponent('a', { parameters: { lr: 0.1 } }),
        null,
        makeComponent('c', { parameters: { lr: 0.1 } })
      ]);
      const lr = findRow(groups, 'parameters.lr');
      expect(lr.values).toEqual([0.1, null, 0.1]);
      expect(lr.differs).toBe(false);
    });
  });

  describe('best values', () => {
    function bestOf(
      key: string,
      ...metrics: (IMetricSummary | null)[]
    ): boolean[] {
      const groups = buildComparison(
        metrics.map((m, index) =>
          m ? withMetrics(`c${index}`, m) : withMetrics(`c${index}`)
        )
      );
      return findRow(groups, key).best;
    }

    it('should mark the lowest loss', () => {
      expect(
        bestOf(
          'metrics.val_loss.Last',
          metric('val_loss', { last: 0.3 }),
          metric('val_loss', { last: 0.1 }),
          metric('val_loss', { last: 0.2 })
        )
      ).toEqual([false, true, false]);
    });

    it('should mark the highest accuracy', () => {
      expect(
        bestOf(
          'metrics.accuracy.Max',
          metric('accuracy', { max: 0.8 }),
          metric('accuracy', { max: 0.95 })
        )
      ).toEqual([false, true]);
    });

    it('should apply the direction to Min, Max and Avg alike', () => {
      const a = metric('loss', { min: 1, max: 5, avg: 3 });
      const b = metric('loss', { min: 2, max: 4, avg: 2 });
      expect(bestOf('metrics.loss.Min', a, b)).toEqual([true, false]);
      expect(bestOf('metrics.loss.Max', a, b)).toEqual([false, true]);
      expect(bestOf('metrics.loss.Avg', a, b)).toEqual([false, true]);
    });

    it('should mark every tied value', () => {
      expect(
        bestOf(
          'metrics.acc.Last',
          metric('acc', { last: 0.9 }),
          metric('acc', { last: 0.7 }),
          metric('acc', { last: 0.9 })
        )
      ).toEqual([true, false, true]);
    });

    it('should not mark StdDev or Count', () => {
      const a = metric('acc', { std_dev: 0.1, count: 10 });
      const b = metric('acc', { std_dev: 0.2, count: 20 });
      expect(bestOf('metrics.acc.StdDev', a, b)).toEqual([false, false]);
      expect(bestOf('metrics.acc.Count', a, b)).toEqual([false, false]);
    });

    it('should never mark a non-finite value', () => {
      expect(
        bestOf(
          'metrics.acc.Max',
          metric('acc', { max: 'Infinity' }),
          metric('acc', { max: 0.5 }),
          metric('acc', { max: 0.4 })
        )
      ).toEqual([false, true, false]);
      expect(
        bestOf(
          'metrics.loss.Min',
          metric('loss', { min: '-Infinity' }),
          metric('loss', { min: 'NaN' }),
          metric('loss', { min: 0.4 }),
          metric('loss', { min: 0.6 })
        )
      ).toEqual([false, false, true, false]);
    });

    it('should not mark a row with one finite value', () => {
      expect(
        bestOf(
          'metrics.acc.Last',
          metric('acc', { last: 'NaN' }),
          metric('acc', { last: 0.5 })
        )
      ).toEqual([false, false]);
    });

    it('should not mark a missing value', () => {
      expect(
        bestOf(
          'metrics.loss.Last',
          metric('loss', { last: 0.5 }),
          null,
          metric('loss', { last: 0.7 })
        )
      ).toEqual([true, false, false]);
      expect(
        bestOf('metrics.loss.Last', metric('loss', { last: 0.5 }), null)
      ).toEqual([false, false]);
    });
  });

  describe('valuesEqual()', () => {
    it('should compare numbers, NaN and missing values', () => {
      expect(valuesEqual(NaN, NaN, 'number')).toBe(true);
      expect(valuesEqual(NaN, 1, 'number')).toBe(false);
      expect(valuesEqual(null, null, 'number')).toBe(true);
      expect(valuesEqual(null, 0, 'number')).toBe(false);
      expect(valuesEqual('', null, 'text')).toBe(false);
    });

    it('should compare times to the second they are shown in', () => {
      const start = '2026-12-01T09:00:00.120Z';
      expect(valuesEqual(start, '2026-12-01T09:00:00.870Z', 'time')).toBe(true);
      expect(valuesEqual(start, '2026-12-01T09:00:01.000Z', 'time')).toBe(
        false
      );
    });

    it('should compare unparsable times as text', () => {
      expect(valuesEqual('soon', 'soon', 'time')).toBe(true);
      expect(valuesEqual('soon', 'later', 'time')).toBe(false);
    });
  });

  describe('visibleGroups()', () => {
    it('should keep only differing rows and drop empty sections', () => {
      const groups = buildComparison([
        makeComponent('a', { parameters: { lr: 0.1, seed: 1 } }),
        makeComponent('b', { parameters: { lr: 0.2, seed: 1 } })
      ]);
      const all = visibleGroups(groups, false);
      expect(all.map(g => g.section)).toEqual(['properties', 'parameters']);

      const differing = visibleGroups(groups, true);
      expect(differing.map(g => g.section)).toEqual(['parameters']);
      expect(rowKeys(differing, 'parameters')).toEqual(['parameters.lr']);
    });
  });

  describe('compareWidgetId()', () => {
    it('should ignore order and repeats', () => {
      expect(compareWidgetId(['b', 'a'])).toBe(
        compareWidgetId(['a', 'b', 'a'])
      );
    });

    it('should tell different sets apart', () => {
      expect(compareWidgetId(['a', 'b'])).not.toBe(compareWidgetId(['a', 'c']));
      expect(compareWidgetId(['a+b'])).not.toBe(compareWidgetId(['a', 'b']));
    });
  });
});

const trans = nullTranslator.load('jupyterlab_experiments');

function seededComponents(): ITrialComponent[] {
  return [
    makeComponent('run-a', {
      display_name: 'Run A',
      parameters: { lr: 0.1, seed: 7, note: '<b>bold</b>' },
      metrics: [
        {
          metric_name: 'val_loss',
          min: 0.2,
          max: 0.9,
          avg: 0.5,
          std_dev: 0.1,
          last: 0.2,
          count: 10,
          time_stamp: null
        }
      ]
    }),
    makeComponent('run-b', {
      parameters: { lr: 0.01, seed: 7 },
      metrics: [
        {
          metric_name: 'val_loss',
          min: 0.3,
          max: 0.8,
          avg: 0.4,
          std_dev: 0.1,
          last: 0.3,
          count: 10,
          time_stamp: null
        }
      ]
    })
  ];
}

/** Return the texts of the row headers, section titles excluded. */
function rowHeaders(node: HTMLElement): string[] {
  return Array.from(node.querySelectorAll('th[scope="row"]')).map(
    th => th.textContent ?? ''
  );
}

function rowByHeader(node: HTMLElement, header: string): HTMLElement {
  const th = Array.from(node.querySelectorAll('th[scope="row"]')).find(
    cell => cell.textContent === header
  );
  if (!th?.parentElement) {
    throw new Error(`No row ${header}`);
  }
  return th.parentElement;
}

describe('CompareView', () => {
  let widget: ReactWidget;

  function render(columns: ICompareColumn[], loading = false): HTMLElement {
    widget = ReactWidget.create(
      <CompareView columns={columns} loading={loading} trans={trans} />
    );
    Widget.attach(widget, document.body);
    return widget.node;
  }

  afterEach(() => {
    widget.dispose();
  });

  it('should hide equal rows with the differences-only toggle', async () => {
    const node = render(
      seededComponents().map(component => ({
        name: component.name,
        component,
        error: null
      }))
    );
    await waitFor(() => node.querySelector('table') !== null);
    expect(rowHeaders(node)).toContain('seed');
    expect(rowHeaders(node)).toContain('Status');

    const toggle = node.querySelector<HTMLInputElement>(
      'input[type="checkbox"]'
    );
    expect(toggle?.checked).toBe(false);
    toggle?.click();
    await waitFor(() => !rowHeaders(node).includes('seed'));
    const headers = rowHeaders(node);
    expect(headers).toContain('lr');
    expect(headers).toContain('val_loss (Min)');
    expect(headers).not.toContain('Status');
    expect(headers).not.toContain('val_loss (Count)');
    const sections = Array.from(
      node.querySelectorAll('.jp-ExperimentsCompare-sectionTitle')
    ).map(title => title.textContent);
    expect(sections).toEqual(['Properties', 'Parameters', 'Metrics']);

    toggle?.click();
    await waitFor(() => rowHeaders(node).includes('seed'));
  });

  it('should mark the best value', async () => {
    const node = render(
      seededComponents().map(component => ({
        name: component.name,
        component,
        error: null
      }))
    );
    await waitFor(() => node.querySelector('table') !== null);
    const cells = rowByHeader(node, 'val_loss (Min)').querySelectorAll('td');
    expect(cells[0].classList.contains('jp-mod-best')).toBe(true);
    expect(cells[0].getAttribute('aria-label')).toContain('best');
    expect(cells[1].classList.contains('jp-mod-best')).toBe(false);
    expect(cells[1].hasAttribute('aria-label')).toBe(false);
    // A higher maximum loss is worse, so the lower one is marked.
    const max = rowByHeader(node, 'val_loss (Max)').querySelectorAll('td');
    expect(max[1].classList.contains('jp-mod-best')).toBe(true);
  });

  it('should render headers, roles and values as text', async () => {
    const node = render(
      seededComponents().map(component => ({
        name: component.name,
        component,
        error: null
      }))
    );
    await waitFor(() => node.querySelector('table') !== null);
    expect(node.querySelector('table')?.getAttribute('role')).toBe('table');
    const columnHeaders = Array.from(
      node.querySelectorAll('thead [role="columnheader"]')
    );
    // A display name is followed by the name, which tells repeats apart.
    expect(columnHeaders.map(th => th.textContent)).toEqual([
      'Trial component',
      'Run Arun-a',
      'run-b'
    ]);
    expect(columnHeaders[1].getAttribute('title')).toBe('run-a');
    expect(rowByHeader(node, 'lr').getAttribute('role')).toBe('row');
    expect(
      rowByHeader(node, 'lr').querySelector('th')?.getAttribute('role')
    ).toBe('rowheader');

    const note = rowByHeader(node, 'note').querySelectorAll('td');
    expect(note[0].textContent).toBe('<b>bold</b>');
    expect(note[0].querySelector('b')).toBeNull();
    expect(note[1].textContent).toBe('');
  });

  it('should show a loading message before any component arrives', async () => {
    const node = render(
      [
        { name: 'run-a', component: null, error: null },
        { name: 'run-b', component: null, error: null }
      ],
      true
    );
    await waitFor(() => node.textContent !== '');
    expect(node.textContent).toBe('Loading 2 trial components…');
    expect(node.querySelector('table')).toBeNull();
  });
});

/**
 * A fake client whose component requests wait for `release()` and can be
 * made to fail for chosen names.
 */
class GatedClient extends FakeClient {
  /** Names of the requested components, in request order. */
  started: string[] = [];
  /** Errors thrown for these names instead of returning the component. */
  failures = new Map<string, Error>();

  /** Let held requests and all later ones return. */
  release(): void {
    this._release();
  }

  /** Hold the next requests until `release()`. */
  hold(): void {
    this._gate = new Promise(resolve => {
      this._release = resolve;
    });
  }

  async getTrialComponent(name: string): Promise<ITrialComponent> {
    this.started.push(name);
    await this._gate;
    const error = this.failures.get(name);
    if (error) {
      throw error;
    }
    return super.getTrialComponent(name);
  }

  private _gate: Promise<void> = Promise.resolve();
  private _release: () => void = () => undefined;
}

function notFound(name: string): ExperimentsApiError {
  return new ExperimentsApiError(new Response('', { status: 404 }), {
    error_code: 'ResourceNotFound',
    message: `Trial component ${name} does not exist.`
  });
}

describe('CompareWidget', () => {
  let client: GatedClient;
  let monitor: RevisionMonitor;
  let widget: CompareWidget;

  beforeEach(() => {
    client = new GatedClient();
    client.components = seededComponents();
    monitor = new RevisionMonitor({ client, auto: false });
  });

  afterEach(() => {
    widget.dispose();
    monitor.dispose();
  });

  function open(names: string[]): HTMLElement {
    widget = new CompareWidget({ client, names, trans, revision: monitor });
    Widget.attach(widget, document.body);
    return widget.content.node;
  }

  it('should name the tab after the compared components', () => {
    open(['run-a', 'run-b', 'run-a']);
    expect(widget.title.label).toBe('Compare (2)');
    expect(widget.title.caption).toBe('run-a, run-b');
    expect(widget.names).toEqual(['run-a', 'run-b']);
    expect(widget.id).toBe(compareWidgetId(['run-b', 'run-a']));
  });

  it('should fetch every component in parallel', async () => {
    client.hold();
    const node = open(['run-a', 'run-b']);
    // Both requests start before either returns.
    await waitFor(() => client.started.length === 2);
    expect(client.started).toEqual(['run-a', 'run-b']);
    expect(widget.content.loading).toBe(true);
    await waitFor(() => node.textContent !== '');
    expect(node.textContent).toBe('Loading 2 trial components…');

    client.release();
    await waitFor(() => node.querySelector('table') !== null);
    expect(widget.content.loading).toBe(false);
  });

  it('should show a missing component in its own column', async () => {
    const node = open(['run-a', 'gone', 'run-b']);
    await waitFor(() => node.querySelector('table') !== null);
    const headers = node.querySelectorAll('thead [role="columnheader"]');
    expect(headers).toHaveLength(4);
    expect(headers[2].textContent).toContain('gone');
    expect(
      headers[2].querySelector('.jp-ExperimentsCompare-columnError')
        ?.textContent
    ).toBe('Could not be loaded: gone not found');
    const lr = rowByHeader(node, 'lr').querySelectorAll('td');
    expect(Array.from(lr).map(td => td.textContent)).toEqual([
      '0.1',
      '',
      '0.01'
    ]);
  });

  it('should report when no component could be loaded', async () => {
    const node = open(['gone', 'lost']);
    await waitFor(() => !widget.content.loading);
    await waitFor(() => node.querySelector('[role="alert"]') !== null);
    expect(node.querySelector('table')).toBeNull();
    expect(node.textContent).toContain('gone: gone not found');
    expect(node.textContent).toContain('lost: lost not found');
  });

  it('should reload when the store revision changes', async () => {
    const node = open(['run-a', 'run-b']);
    await waitFor(() => node.querySelector('table') !== null);
    await monitor.refresh();
    await monitor.tick;

    client.components = client.components.map(component =>
      component.name === 'run-b'
        ? { ...component, parameters: { ...component.parameters, lr: 0.5 } }
        : component
    );
    client.revision = 2;
    await monitor.refresh();
    await monitor.tick;
    await waitFor(
      () =>
        rowByHeader(node, 'lr').querySelectorAll('td')[1]?.textContent === '0.5'
    );
  });

  async function changeRevision(revision: number): Promise<void> {
    client.revision = revision;
    await monitor.refresh();
    await monitor.tick;
  }

  it('should keep the last values when a reload fails', async () => {
    const node = open(['run-a', 'run-b']);
    await waitFor(() => node.querySelector('table') !== null);
    await changeRevision(1);

    client.failures.set('run-b', new Error('server down'));
    await changeRevision(2);
    await waitFor(
      () => node.querySelector('.jp-ExperimentsCompare-columnWarning') !== null
    );
    expect(
      node.querySelector('.jp-ExperimentsCompare-columnWarning')?.textContent
    ).toBe('The last update failed: server down');
    const lr = rowByHeader(node, 'lr').querySelectorAll('td');
    expect(lr[1].textContent).toBe('0.01');
  });

  it('should drop the values of a deleted component', async () => {
    const node = open(['run-a', 'run-b']);
    await waitFor(() => node.querySelector('table') !== null);
    await changeRevision(1);

    client.failures.set('run-b', notFound('run-b'));
    await changeRevision(2);
    await waitFor(
      () => node.querySelector('.jp-ExperimentsCompare-columnError') !== null
    );
    expect(
      node.querySelector('.jp-ExperimentsCompare-columnError')?.textContent
    ).toBe('Could not be loaded: Trial component run-b does not exist.');
    const lr = rowByHeader(node, 'lr').querySelectorAll('td');
    expect(Array.from(lr).map(td => td.textContent)).toEqual(['0.1', '']);
  });

  it('should stop following the revision once disposed', async () => {
    open(['run-a', 'run-b']);
    await waitFor(() => !widget.content.loading);
    await monitor.refresh();
    await monitor.tick;
    widget.dispose();
    const before = client.started.length;

    await changeRevision(3);
    expect(monitor.revision).toBe(3);
    expect(client.started).toHaveLength(before);
  });
});
