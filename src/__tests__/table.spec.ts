import { nullTranslator } from '@jupyterlab/translation';
import type { IMetricSummary } from '../api/types';
import { TrialComponentTableModel } from '../model/table';
import { cellText, componentType } from '../model/tableCells';
import {
  isColumnVisible,
  switchStatistic,
  tableColumns
} from '../model/tableColumns';
import {
  allOf,
  normalizeScope,
  scopeExpression,
  scopeOfItems,
  tableWidgetId
} from '../model/tableScope';
import { FakeClient, makeComponent, waitFor } from './fakes';

const trans = nullTranslator.load('jupyterlab_experiments');

function accuracy(max: number, last: number): IMetricSummary {
  return {
    metric_name: 'test:accuracy',
    min: last,
    max,
    avg: (max + last) / 2,
    std_dev: 0,
    last,
    count: 2,
    time_stamp: null
  };
}

function fillStore(client: FakeClient, count: number): void {
  for (let index = 0; index < count; index++) {
    client.components.push(
      makeComponent(`tc-${String(index).padStart(4, '0')}`, {
        parents: [{ trial_name: 'T1', experiment_name: 'E1' }],
        parameters: { lr: index % 7 },
        metrics: index % 5 === 0 ? [] : [accuracy(index % 13, 1)]
      })
    );
  }
}

describe('TrialComponentTableModel', () => {
  let client: FakeClient;
  let model: TrialComponentTableModel;

  beforeEach(() => {
    client = new FakeClient();
    fillStore(client, 250);
    model = new TrialComponentTableModel({
      client,
      scope: { experiments: ['E1'] },
      trans
    });
  });

  afterEach(() => {
    model.dispose();
  });

  it('shows the first page before the count arrives', async () => {
    await model.load();
    expect(model.rows).toHaveLength(100);
    expect(model.hasMore).toBe(true);
    expect(client.calls).toContain(
      'listTrialComponents({"experiments":["E1"]} uncounted)'
    );
    await waitFor(() => model.totalCount === 250);
  });

  it('builds a column per parameter and metric statistic', async () => {
    await model.load();
    const keys = model.columns.map(column => column.key);
    expect(keys).toContain('Parameters.lr');
    expect(keys).toContain('Metrics.test:accuracy.Max');
    expect(keys).toContain('Metrics.test:accuracy.Count');
    const max = model.columns.find(
      column => column.key === 'Metrics.test:accuracy.Max'
    );
    expect(max?.label).toBe('test:accuracy (Max)');
  });

  it('loads pages up to the row the grid needs', async () => {
    await model.load();
    await model.ensureLoaded(180);
    expect(model.rows.length).toBeGreaterThanOrEqual(181);
    await model.ensureLoaded(10_000);
    expect(model.rows).toHaveLength(250);
    expect(model.hasMore).toBe(false);
    expect(new Set(model.keys).size).toBe(250);
  });

  it('asks the server to sort and starts again from the first row', async () => {
    await model.load();
    await model.ensureLoaded(150);
    await model.setSort({
      key: 'Metrics.test:accuracy.Max',
      order: 'descending'
    });
    expect(model.rows).toHaveLength(100);
    const values = model.rows.map(
      row => row.metrics.find(m => m.metric_name === 'test:accuracy')?.max
    );
    expect(values[0]).toBe(12);
    expect(client.calls[client.calls.length - 1]).toContain(
      'Metrics.test:accuracy.Max descending'
    );
  });

  it('keeps the loaded rows, selection and sort on a live update', async () => {
    await model.setSort({ key: 'Parameters.lr', order: 'ascending' });
    await model.ensureLoaded(150);
    model.selection.select('tc-0007', 'replace', model.keys);
    client.components.push(makeComponent('tc-new', { parents: [] }));
    await model.refresh();
    // Every row up to the one the grid asked for is loaded again.
    expect(model.rows.length).toBeGreaterThanOrEqual(151);
    expect(model.sort).toEqual({ key: 'Parameters.lr', order: 'ascending' });
    expect(model.selection.has('tc-0007')).toBe(true);
  });

  it('drops deleted rows from the selection once every row is known', async () => {
    await model.load();
    await model.ensureLoaded(1000);
    model.selection.select('tc-0003', 'replace', model.keys);
    model.selection.select('tc-0004', 'toggle', model.keys);
    client.components = client.components.filter(c => c.name !== 'tc-0003');
    await model.refresh();
    expect([...model.selection.selected]).toEqual(['tc-0004']);
  });

  it('loads rows the grid asked for while a reload ran', async () => {
    await model.load();
    const reload = model.refresh();
    // The grid scrolls during the reload.
    void model.ensureLoaded(220);
    await reload;
    await waitFor(() => model.rows.length >= 221 && !model.loading);
    expect(new Set(model.keys).size).toBe(model.rows.length);
  });

  it('drops the answer of a request overtaken by a newer one', async () => {
    await model.load();
    const first = model.setSort({ key: 'Parameters.lr', order: 'ascending' });
    const second = model.setSort({
      key: 'Parameters.lr',
      order: 'descending'
    });
    await Promise.all([first, second]);
    expect(model.sort?.order).toBe('descending');
    expect(model.rows[0].parameters.lr).toBe(6);
  });

  it('shows an error and no rows when the first page fails', async () => {
    client.failNext = new Error('store is gone');
    await model.setSort(null);
    expect(model.error?.message).toBe('store is gone');
    expect(model.rows).toHaveLength(0);
  });
});

describe('table columns', () => {
  const columns = tableColumns(
    {
      parameters: ['lr'],
      metrics: ['loss'],
      input_artifacts: ['data'],
      output_artifacts: ['model']
    },
    trans
  );

  it('shows the main properties, parameters and the last metric value', () => {
    const visible = columns
      .filter(column => isColumnVisible(column, {}))
      .map(column => column.key);
    expect(visible).toEqual([
      'TrialComponentName',
      'Trials',
      'Type',
      'Status.PrimaryStatus',
      'CreationTime',
      'Duration',
      'Parameters.lr',
      'Metrics.loss.Last'
    ]);
  });

  it('replaces a metric column by another statistic', () => {
    const last = columns.find(column => column.key === 'Metrics.loss.Last')!;
    const visibility = switchStatistic({}, last, 'Max');
    expect(isColumnVisible(last, visibility)).toBe(false);
    const max = columns.find(column => column.key === 'Metrics.loss.Max')!;
    expect(isColumnVisible(max, visibility)).toBe(true);
  });

  it('renders cells as the values they hold', () => {
    const row = makeComponent('tc', {
      parameters: { lr: 0.001, batch: '256' },
      metrics: [
        {
          metric_name: 'loss',
          min: 0.1,
          max: 'Infinity',
          avg: 0.5,
          std_dev: null,
          last: 0.25,
          count: 3,
          time_stamp: null
        }
      ],
      parents: [
        { trial_name: 'T2', experiment_name: 'E1' },
        { trial_name: 'T1', experiment_name: 'E1' }
      ],
      source: {
        source_arn: 'arn:aws:sagemaker:us-east-1:0:training-job/job',
        source_type: 'SageMakerTrainingJob'
      }
    });
    const byKey = (key: string) =>
      cellText(
        row,
        columns.find(column => column.key === key)!,
        trans
      );
    expect(byKey('Parameters.lr')).toBe('0.001');
    expect(byKey('Metrics.loss.Last')).toBe('0.25');
    expect(byKey('Metrics.loss.Max')).toBe('∞');
    expect(byKey('Metrics.loss.StdDev')).toBe('');
    expect(byKey('Trials')).toBe('T1, T2');
    expect(byKey('Experiments')).toBe('E1');
    expect(byKey('Type')).toBe('Training job');
    expect(componentType(makeComponent('x'))).toBe('other');
    const job = (arn: string) =>
      componentType(
        makeComponent('j', { source: { source_arn: arn, source_type: null } })
      );
    expect(job('arn:aws:sagemaker:us-east-1:0:processing-job/p')).toBe(
      'processing-job'
    );
    expect(job('arn:aws:sagemaker:us-east-1:0:transform-job/t')).toBe('other');

    const batch = tableColumns(
      {
        parameters: ['batch'],
        metrics: [],
        input_artifacts: [],
        output_artifacts: []
      },
      trans
    ).find(column => column.key === 'Parameters.batch')!;
    // A string parameter keeps its text.
    expect(cellText(row, batch, trans)).toBe('256');
  });
});

describe('table scope', () => {
  it('collects the selected items of the panel', () => {
    const scope = scopeOfItems([
      { kind: 'unassigned', key: ':unassigned' },
      {
        kind: 'trialComponent',
        key: 'c',
        trialComponent: makeComponent('c')
      }
    ]);
    expect(scope).toEqual({ unassigned: true, trial_components: ['c'] });
  });

  it('gives the same tab to the same selection in any order', () => {
    const a = { trials: ['b', 'a'], experiments: [] };
    const b = { trials: ['a', 'b', 'a'] };
    expect(normalizeScope(a)).toEqual({ trials: ['a', 'b'] });
    expect(tableWidgetId(a)).toBe(tableWidgetId(b));
    expect(tableWidgetId({ trials: ['a'] })).not.toBe(tableWidgetId(b));
  });
});

describe('scope expression', () => {
  it('selects the union of the scope', () => {
    expect(
      scopeExpression({
        experiments: ['e1', 'e2'],
        trials: ['t1'],
        unassigned: true
      })
    ).toEqual({
      Filters: [
        { Name: 'Parents.ExperimentName', Operator: 'In', Value: 'e1,e2' },
        { Name: 'Parents.TrialName', Operator: 'In', Value: 't1' },
        { Name: 'Parents.TrialName', Operator: 'NotExists' }
      ],
      Operator: 'Or'
    });
    expect(scopeExpression({})).toBeNull();
  });

  it('splits long name lists within the server limits', () => {
    const names = Array.from(
      { length: 1000 },
      (_, i) => `component-with-a-long-name-${String(i).padStart(4, '0')}`
    );
    const expression = scopeExpression({ trial_components: names })!;
    const filters = (expression.SubExpressions ?? [expression]).flatMap(
      part => part.Filters ?? []
    );
    expect(filters.every(filter => filter.Value!.length <= 1024)).toBe(true);
    expect(
      (expression.SubExpressions ?? []).every(
        part => (part.Filters ?? []).length <= 20
      )
    ).toBe(true);
    expect(filters.flatMap(filter => filter.Value!.split(','))).toEqual(names);
  });

  it('combines with the filter so both must match', () => {
    const filter = {
      Filters: [{ Name: 'Parameters.lr', Operator: 'GreaterThan', Value: '1' }]
    };
    const scope = scopeExpression({ trials: ['t1'] });
    expect(allOf(scope, filter)).toEqual({ SubExpressions: [scope, filter] });
    expect(allOf(null, filter)).toBe(filter);
  });
});
