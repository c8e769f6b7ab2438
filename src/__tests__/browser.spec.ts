import { ExperimentsBrowserModel } from '../model/browser';
import { UNASSIGNED_KEY } from '../model/location';
import { RevisionMonitor } from '../model/revision';
import {
  FakeClient,
  makeComponent,
  makeExperiment,
  makeTrial,
  waitFor
} from './fakes';

const UNASSIGNED_LABEL = 'Unassigned trial components';

function createModel(client: FakeClient, pageSize = 50) {
  return new ExperimentsBrowserModel({
    client,
    unassignedLabel: UNASSIGNED_LABEL,
    pageSize,
    searchDelay: 0
  });
}

function seededClient(): FakeClient {
  const client = new FakeClient();
  client.experiments = [
    makeExperiment('mnist', { trial_count: 2, display_name: 'MNIST' }),
    makeExperiment('other')
  ];
  client.trials = [
    makeTrial('t-1', 'mnist', { trial_component_count: 2 }),
    makeTrial('t-2', 'mnist')
  ];
  client.components = [
    makeComponent('prep', {
      parents: [{ trial_name: 't-1', experiment_name: 'mnist' }]
    }),
    makeComponent('train', {
      parents: [{ trial_name: 't-1', experiment_name: 'mnist' }]
    }),
    makeComponent('loose')
  ];
  return client;
}

describe('ExperimentsBrowserModel', () => {
  let client: FakeClient;
  let model: ExperimentsBrowserModel;

  beforeEach(() => {
    client = seededClient();
    model = createModel(client);
  });

  afterEach(() => {
    model.dispose();
  });

  describe('#navigate()', () => {
    it('should list experiments after the unassigned entry at home', async () => {
      await model.navigate({ kind: 'home' });
      expect(model.keys).toEqual([UNASSIGNED_KEY, 'mnist', 'other']);
      expect(model.totalCount).toBe(2);
      expect(model.hasMore).toBe(false);
    });

    it('should record the error of a failed request', async () => {
      client.failNext = new Error('server down');
      await model.navigate({ kind: 'home' });
      expect(model.error?.message).toBe('server down');
      expect(model.loading).toBe(false);
    });

    it('should emit locationChanged only when the level changes', async () => {
      const seen: string[] = [];
      model.locationChanged.connect((_, location) => seen.push(location.kind));
      await model.navigate({ kind: 'home' });
      await model.navigate({ kind: 'unassigned' });
      expect(seen).toEqual(['unassigned']);
    });
  });

  describe('#open()', () => {
    it('should drill down from experiment to trial to components', async () => {
      await model.navigate({ kind: 'home' });
      await model.open(model.items[1]);
      expect(model.location).toEqual({
        kind: 'experiment',
        experiment: { name: 'mnist', label: 'MNIST' }
      });
      expect(model.keys).toEqual(['t-1', 't-2']);

      await model.open(model.items[0]);
      expect(model.location.kind).toBe('trial');
      expect(model.keys).toEqual(['prep', 'train']);
    });

    it('should list the unassigned components', async () => {
      await model.navigate({ kind: 'home' });
      await model.open(model.items[0]);
      expect(model.location).toEqual({ kind: 'unassigned' });
      expect(model.keys).toEqual(['loose']);
    });

    it('should return false for a trial component', async () => {
      await model.navigate({ kind: 'unassigned' });
      await expect(model.open(model.items[0])).resolves.toBe(false);
      expect(model.location).toEqual({ kind: 'unassigned' });
    });
  });

  describe('#up()', () => {
    it('should go up and select the row it came from', async () => {
      await model.navigate({
        kind: 'trial',
        experiment: { name: 'mnist', label: 'MNIST' },
        trial: { name: 't-2', label: 't-2' }
      });
      await model.up();
      expect(model.location.kind).toBe('experiment');
      expect([...model.selection.selected]).toEqual(['t-2']);
      expect(model.selection.focus).toBe('t-2');

      await model.up();
      expect(model.location.kind).toBe('home');
      expect([...model.selection.selected]).toEqual(['mnist']);
    });

    it('should do nothing at home', async () => {
      await model.navigate({ kind: 'home' });
      await model.up();
      expect(model.location.kind).toBe('home');
    });
  });

  describe('#search', () => {
    it('should reload the current level with the search text', async () => {
      await model.navigate({ kind: 'home' });
      model.search = 'mni';
      await waitFor(() => !model.keys.includes('other') && !model.loading);
      expect(model.keys).toEqual(['mnist']);
    });

    it('should keep the unassigned entry when its label matches', async () => {
      await model.navigate({ kind: 'home' });
      model.search = 'unassigned';
      await waitFor(() => !model.keys.includes('mnist') && !model.loading);
      expect(model.keys).toEqual([UNASSIGNED_KEY]);
    });

    it('should be cleared by navigation', async () => {
      await model.navigate({ kind: 'home' });
      model.search = 'zzz';
      await model.navigate({ kind: 'unassigned' });
      expect(model.search).toBe('');
      expect(model.keys).toEqual(['loose']);
    });
  });

  describe('#loadMore()', () => {
    beforeEach(() => {
      client.experiments = Array.from({ length: 25 }, (_, i) =>
        makeExperiment(`e-${String(i).padStart(2, '0')}`)
      );
      model.dispose();
      model = createModel(client, 10);
    });

    it('should append the next page', async () => {
      await model.navigate({ kind: 'home' });
      expect(model.items).toHaveLength(11);
      expect(model.hasMore).toBe(true);
      await model.loadMore();
      expect(model.items).toHaveLength(21);
      await model.loadMore();
      expect(model.items).toHaveLength(26);
      expect(model.hasMore).toBe(false);
    });

    it('should reload as many rows as were loaded on refresh', async () => {
      await model.navigate({ kind: 'home' });
      await model.loadMore();
      await model.refresh();
      expect(model.items).toHaveLength(21);
    });
  });

  describe('#refresh()', () => {
    it('should keep the selection of rows that still exist', async () => {
      await model.navigate({ kind: 'home' });
      model.selection.select('mnist', 'replace', model.keys);
      model.selection.select('other', 'toggle', model.keys);
      client.experiments = client.experiments.filter(e => e.name !== 'other');
      client.experiments.push(makeExperiment('new'));
      await model.refresh();
      expect(model.keys).toEqual([UNASSIGNED_KEY, 'mnist', 'new']);
      expect([...model.selection.selected]).toEqual(['mnist']);
    });

    it('should keep the rows shown when a reload fails', async () => {
      await model.navigate({ kind: 'home' });
      client.failNext = new Error('timeout');
      await model.refresh();
      expect(model.keys).toEqual([UNASSIGNED_KEY, 'mnist', 'other']);
      expect(model.error?.message).toBe('timeout');
    });
  });

  describe('live updates', () => {
    it('should reload when the store revision changes', async () => {
      const monitor = new RevisionMonitor({ client, auto: false });
      model.dispose();
      model = new ExperimentsBrowserModel({
        client,
        monitor,
        unassignedLabel: UNASSIGNED_LABEL
      });
      await model.navigate({ kind: 'home' });
      await monitor.refresh();
      await monitor.tick;

      client.experiments.push(makeExperiment('written-elsewhere'));
      client.revision++;
      await monitor.refresh();
      await monitor.tick;
      await waitFor(() => model.keys.includes('written-elsewhere'));
      monitor.dispose();
    });
  });

  describe('#deleteItems()', () => {
    it('should delete each item and report conflicts', async () => {
      client.conflicts.add('mnist');
      await model.navigate({ kind: 'home' });
      const items = model.items.filter(item => item.kind === 'experiment');
      const results = await model.deleteItems(items);
      expect(results.map(r => [r.item.key, r.error?.message ?? null])).toEqual([
        ['mnist', 'mnist still has records attached'],
        ['other', null]
      ]);
      expect(model.keys).toEqual([UNASSIGNED_KEY, 'mnist']);
    });

    it('should pass force to the client', async () => {
      client.conflicts.add('mnist');
      await model.navigate({ kind: 'home' });
      const results = await model.deleteItems([model.items[1]], {
        force: true
      });
      expect(results[0].error).toBeNull();
      expect(client.calls).toContain('deleteExperiment(mnist force)');
    });
  });

  describe('#dispose()', () => {
    it('should be idempotent', () => {
      model.dispose();
      model.dispose();
      expect(model.isDisposed).toBe(true);
    });
  });
});
