import { RevisionMonitor } from '../model/revision';
import { FakeClient } from './fakes';

describe('RevisionMonitor', () => {
  let client: FakeClient;
  let monitor: RevisionMonitor;

  beforeEach(() => {
    client = new FakeClient();
    monitor = new RevisionMonitor({ client, auto: false, interval: 50 });
  });

  afterEach(() => {
    monitor.dispose();
  });

  async function poll(): Promise<void> {
    await monitor.refresh();
    await monitor.tick;
  }

  it('should not emit on the first revision it sees', async () => {
    const seen: number[] = [];
    monitor.changed.connect((_, revision) => seen.push(revision));
    await poll();
    expect(monitor.revision).toBe(1);
    expect(seen).toEqual([]);
  });

  it('should emit when the revision changes', async () => {
    const seen: number[] = [];
    monitor.changed.connect((_, revision) => seen.push(revision));
    await poll();
    client.revision = 5;
    await poll();
    await poll();
    expect(seen).toEqual([5]);
  });

  it('should report errors and recover', async () => {
    const errors: (string | null)[] = [];
    monitor.errorChanged.connect((_, error) =>
      errors.push(error ? error.message : null)
    );
    client.failNext = new Error('unreachable');
    await poll();
    expect(monitor.error?.message).toBe('unreachable');
    await poll();
    expect(monitor.error).toBeNull();
    expect(errors).toEqual(['unreachable', null]);
  });

  it('should accept a new interval', () => {
    monitor.interval = 5000;
    expect(monitor.interval).toBe(5000);
  });
});
