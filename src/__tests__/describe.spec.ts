import { sortByStart, TrialComponentModel } from '../model/describe';
import { FakeClient, makeComponent, waitFor } from './fakes';

const PARENT = { trial_name: 't-1', experiment_name: 'mnist' };

function seededClient(): FakeClient {
  const client = new FakeClient();
  client.components = [
    makeComponent('train-aws-training-job', {
      display_name: 'Training',
      start_time: '2026-12-01T09:01:00Z',
      source: {
        source_arn:
          'arn:aws:sagemaker:us-east-1:000000000000:training-job/train',
        source_type: 'SageMakerTrainingJob'
      },
      status: { primary_status: 'InProgress', message: null },
      parents: [PARENT]
    }),
    makeComponent('prep', {
      display_name: 'Preprocessing',
      start_time: '2026-12-01T09:00:00Z',
      parents: [PARENT]
    })
  ];
  client.logs['train-aws-training-job'] = 'epoch 1\n';
  return client;
}

describe('TrialComponentModel', () => {
  let client: FakeClient;
  let model: TrialComponentModel;

  beforeEach(() => {
    client = seededClient();
    model = new TrialComponentModel({
      name: 'train-aws-training-job',
      client,
      logInterval: 10
    });
  });

  afterEach(() => {
    model.dispose();
  });

  describe('#load()', () => {
    it('should load the component and its trial stages in run order', async () => {
      await model.load();
      expect(model.component?.display_name).toBe('Training');
      expect(model.stages).toHaveLength(1);
      expect(model.stages[0].trialName).toBe('t-1');
      expect(model.stages[0].components.map(c => c.name)).toEqual([
        'prep',
        'train-aws-training-job'
      ]);
    });

    it('should record the error for an unknown component', async () => {
      const missing = new TrialComponentModel({ name: 'gone', client });
      await missing.load();
      expect(missing.component).toBeNull();
      expect(missing.error?.message).toBe('gone not found');
      missing.dispose();
    });
  });

  describe('log', () => {
    it('should follow the log until the job completes', async () => {
      await model.load();
      expect(model.hasLog).toBe(true);
      await waitFor(() => model.log === 'epoch 1\n');

      client.logs['train-aws-training-job'] += 'epoch 2\n';
      client.logComplete = true;
      await waitFor(() => model.logComplete);
      expect(model.log).toBe('epoch 1\nepoch 2\n');

      const requests = client.calls.filter(c => c.startsWith('getLog')).length;
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(client.calls.filter(c => c.startsWith('getLog'))).toHaveLength(
        requests
      );
    });

    it('should keep only the end of a long log', async () => {
      const small = new TrialComponentModel({
        name: 'train-aws-training-job',
        client,
        logInterval: 10,
        maxLogLength: 4
      });
      client.logComplete = true;
      await small.load();
      await waitFor(() => small.logComplete);
      expect(small.log).toBe('h 1\n');
      expect(small.logTruncated).toBe(true);
      small.dispose();
    });

    it('should not request a log for a component without a job', async () => {
      const prep = new TrialComponentModel({ name: 'prep', client });
      await prep.load();
      expect(prep.hasLog).toBe(false);
      expect(client.calls.some(c => c.startsWith('getLog(prep'))).toBe(false);
      prep.dispose();
    });
  });
});

describe('sortByStart()', () => {
  it('should put components without times last, by name', () => {
    const sorted = sortByStart([
      makeComponent('b', { creation_time: null }),
      makeComponent('a', { creation_time: null }),
      makeComponent('c', { start_time: '2026-01-01T00:00:00Z' })
    ]);
    expect(sorted.map(c => c.name)).toEqual(['c', 'a', 'b']);
  });
});
