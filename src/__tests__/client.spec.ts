import { ServerConnection } from '@jupyterlab/services';
import { ExperimentsClient } from '../api/client';
import {
  ExperimentsApiError,
  ServerExtensionMissingError
} from '../api/errors';

const BASE_URL = 'http://localhost:8888/user/alice/';
const API = `${BASE_URL}jupyterlab-experiments/api/`;

interface IFakeResponse {
  status?: number;
  body?: unknown;
  /** Raw text, for non-JSON bodies such as HTML error pages. */
  text?: string;
}

/**
 * Create a client whose requests go to a fake `fetch` that returns
 * `responses` in order and records each request.
 */
function createClient(...responses: IFakeResponse[]) {
  const requests: Request[] = [];
  const fetch = jest.fn(async (request: Request) => {
    requests.push(request);
    const next = responses.shift() ?? { status: 200, body: {} };
    const status = next.status ?? 200;
    const text =
      next.text ?? (next.body === undefined ? '' : JSON.stringify(next.body));
    return new Response(status === 204 ? null : text, { status });
  });
  const serverSettings = ServerConnection.makeSettings({
    baseUrl: BASE_URL,
    fetch: fetch as unknown as typeof window.fetch
  });
  return { client: new ExperimentsClient({ serverSettings }), requests };
}

describe('ExperimentsClient', () => {
  describe('#url()', () => {
    it('should percent-encode every name segment', () => {
      const { client } = createClient();
      const url = client.url([
        'trial-components',
        'job:2024/part#1?x y',
        'metrics',
        'val/loss'
      ]);
      expect(url).toBe(
        `${API}trial-components/job%3A2024%2Fpart%231%3Fx%20y/metrics/val%2Floss`
      );
    });

    it('should add the query string', () => {
      const { client } = createClient();
      expect(
        client.url(['experiments'], { search: 'a&b', max_results: '5' })
      ).toBe(`${API}experiments?search=a%26b&max_results=5`);
    });
  });

  describe('#getRevision()', () => {
    it('should return the revision number', async () => {
      const { client, requests } = createClient({ body: { revision: 42 } });
      await expect(client.getRevision()).resolves.toBe(42);
      expect(requests[0].method).toBe('GET');
      // No cache-busting parameter: the server rejects unknown parameters.
      expect(requests[0].url).toBe(`${API}revision`);
    });
  });

  describe('#listExperiments()', () => {
    it('should send the list parameters and unwrap the envelope', async () => {
      const { client, requests } = createClient({
        body: {
          experiments: [{ name: 'a' }, { name: 'b' }],
          next_token: 'token-2',
          total_count: 7
        }
      });
      const page = await client.listExperiments({
        search: 'mnist',
        sortBy: 'name',
        sortOrder: 'ascending',
        maxResults: 2,
        nextToken: 'token-1'
      });
      expect(page.items.map(e => e.name)).toEqual(['a', 'b']);
      expect(page.nextToken).toBe('token-2');
      expect(page.totalCount).toBe(7);
      const url = new URL(requests[0].url);
      expect(url.pathname).toBe(
        '/user/alice/jupyterlab-experiments/api/experiments'
      );
      expect(Object.fromEntries(url.searchParams)).toEqual({
        search: 'mnist',
        sort_by: 'name',
        sort_order: 'ascending',
        max_results: '2',
        next_token: 'token-1'
      });
    });
  });

  describe('#listTrials()', () => {
    it('should address the trials of one experiment', async () => {
      const { client, requests } = createClient({
        body: { trials: [], next_token: null, total_count: 0 }
      });
      const page = await client.listTrials('exp 1');
      expect(page.items).toEqual([]);
      expect(page.nextToken).toBeNull();
      expect(requests[0].url).toBe(`${API}experiments/exp%201/trials`);
    });
  });

  describe('#listTrialComponents()', () => {
    it('should filter by trial', async () => {
      const { client, requests } = createClient({
        body: { trial_components: [], next_token: null, total_count: 0 }
      });
      await client.listTrialComponents({ trialName: 't-1', maxResults: 100 });
      const url = new URL(requests[0].url);
      expect(url.searchParams.get('trial_name')).toBe('t-1');
      expect(url.searchParams.get('max_results')).toBe('100');
      expect(url.searchParams.has('unassigned')).toBe(false);
    });

    it('should ask for unassigned components', async () => {
      const { client, requests } = createClient({
        body: { trial_components: [], next_token: null, total_count: 0 }
      });
      await client.listTrialComponents({ unassigned: true });
      expect(new URL(requests[0].url).searchParams.get('unassigned')).toBe(
        'true'
      );
    });
  });

  describe('#deleteExperiment()', () => {
    it('should send DELETE without force by default', async () => {
      const { client, requests } = createClient({ status: 204 });
      await client.deleteExperiment('old');
      expect(requests[0].method).toBe('DELETE');
      expect(requests[0].url).toBe(`${API}experiments/old`);
    });

    it('should send force=true when forced', async () => {
      const { client, requests } = createClient({ status: 204 });
      await client.deleteTrialComponent('tc', { force: true });
      expect(requests[0].url).toBe(`${API}trial-components/tc?force=true`);
    });

    it('should raise the server message on a conflict', async () => {
      const { client } = createClient(
        { body: { revision: 1 } },
        {
          status: 409,
          body: {
            error_code: 'ConflictException',
            message: 'Experiment old still has 2 trials'
          }
        }
      );
      await client.getRevision();
      const error = await client.deleteExperiment('old').catch(e => e);
      expect(error).toBeInstanceOf(ExperimentsApiError);
      expect(error.status).toBe(409);
      expect(error.errorCode).toBe('ConflictException');
      expect(error.message).toBe('Experiment old still has 2 trials');
    });
  });

  describe('#getLog()', () => {
    it('should send the offset', async () => {
      const { client, requests } = createClient({
        body: { text: 'line\n', offset: 15, complete: false }
      });
      const chunk = await client.getLog('job-aws-training-job', 10);
      expect(chunk).toEqual({ text: 'line\n', offset: 15, complete: false });
      expect(requests[0].url).toBe(
        `${API}trial-components/job-aws-training-job/log?offset=10`
      );
    });
  });

  describe('#getMetricSeries()', () => {
    const series = { metric_name: 'm', points: [] };

    it('should put the metric name and options in the URL', async () => {
      const { client, requests } = createClient({ body: series });
      await client.getMetricSeries('run', 'val/loss', {
        maxPoints: 100,
        xScale: 'log'
      });
      expect(requests[0].url).toBe(
        `${API}trial-components/run/metrics/val%2Floss?max_points=100&x_scale=log`
      );
    });

    it('should name "." and ".." in the query, which URLs keep', async () => {
      const { client, requests } = createClient(
        { body: series },
        { body: series }
      );
      await client.getMetricSeries('run', '..', { maxPoints: 100 });
      await client.getMetricSeries('run', '.');
      expect(requests[0].url).toBe(
        `${API}trial-components/run/metrics?max_points=100&metric_name=..`
      );
      expect(requests[1].url).toBe(
        `${API}trial-components/run/metrics?metric_name=.`
      );
    });
  });

  describe('errors', () => {
    it('should report a missing server extension on a first 404', async () => {
      const { client } = createClient({
        status: 404,
        text: '<html><title>404: Not Found</title></html>'
      });
      const error = await client.getRevision().catch(e => e);
      expect(error).toBeInstanceOf(ServerExtensionMissingError);
      expect(error.message).toContain('pip install jupyterlab_experiments');
      expect(error.message).toContain('jupyter server extension list');
    });

    it('should report an unknown record on a 404 with an error body', async () => {
      const { client } = createClient({
        status: 404,
        body: {
          error_code: 'ResourceNotFound',
          message: 'Experiment gone does not exist'
        }
      });
      const error = await client.getExperiment('gone').catch(e => e);
      expect(error).toBeInstanceOf(ExperimentsApiError);
      expect(error.status).toBe(404);
      expect(error.message).toBe('Experiment gone does not exist');
    });

    it('should not blame the extension after a request succeeded', async () => {
      const { client } = createClient(
        { body: { revision: 1 } },
        { status: 404, text: 'Not Found' }
      );
      await client.getRevision();
      const error = await client.getExperiment('x').catch(e => e);
      expect(error).toBeInstanceOf(ExperimentsApiError);
      expect(error).not.toBeInstanceOf(ServerExtensionMissingError);
    });

    it('should keep the status text when the body is not JSON', async () => {
      const { client } = createClient(
        { body: { revision: 1 } },
        { status: 502, text: '<html>Bad Gateway</html>' }
      );
      await client.getRevision();
      const error = await client.listExperiments().catch(e => e);
      expect(error).toBeInstanceOf(ExperimentsApiError);
      expect(error.status).toBe(502);
      expect(error.errorCode).toBeNull();
    });

    it('should wrap a failed fetch in a NetworkError', async () => {
      const serverSettings = ServerConnection.makeSettings({
        baseUrl: BASE_URL,
        fetch: (() =>
          Promise.reject(
            new TypeError('Failed to fetch')
          )) as unknown as typeof window.fetch
      });
      const client = new ExperimentsClient({ serverSettings });
      await expect(client.getRevision()).rejects.toBeInstanceOf(
        ServerConnection.NetworkError
      );
    });
  });
});
