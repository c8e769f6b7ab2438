import type { IDisposable } from '@lumino/disposable';
import { Poll } from '@lumino/polling';
import { type ISignal, Signal } from '@lumino/signaling';
import type { IExperimentsClient } from '../tokens';

/**
 * Polls the store revision and signals when it changes, so that open views
 * reload after a write by any process (a notebook, a training job, a script).
 *
 * One monitor is shared by every view, so the server receives one cheap
 * request per interval however many views are open.
 */
export class RevisionMonitor implements IDisposable {
  /**
   * Create a monitor and start polling.
   */
  constructor(options: RevisionMonitor.IOptions) {
    this._client = options.client;
    this._interval = options.interval ?? RevisionMonitor.DEFAULT_INTERVAL;
    this._poll = new Poll<number, Error, 'standby'>({
      auto: options.auto ?? true,
      factory: () => this._check(),
      frequency: {
        interval: this._interval,
        backoff: true,
        max: RevisionMonitor.MAX_BACKOFF
      },
      name: 'jupyterlab-experiments:revision',
      // Browsers throttle hidden tabs anyway, so polling pauses until the page is visible again.
      standby: 'when-hidden'
    });
  }

  /** Default polling interval in milliseconds. */
  static readonly DEFAULT_INTERVAL = 2000;

  /** Maximum wait between requests while the server keeps failing, in ms. */
  static readonly MAX_BACKOFF = 60_000;

  /** Emitted with the new revision when it differs from the last one seen. */
  get changed(): ISignal<this, number> {
    return this._changed;
  }

  /** Emitted with the error of a failed poll, and with `null` on recovery. */
  get errorChanged(): ISignal<this, Error | null> {
    return this._errorChanged;
  }

  /** Last revision seen, or `null` before the first response. */
  get revision(): number | null {
    return this._revision;
  }

  /** Error of the last poll, or `null` when it succeeded. */
  get error(): Error | null {
    return this._error;
  }

  /** Polling interval in milliseconds. */
  get interval(): number {
    return this._interval;
  }
  set interval(value: number) {
    if (value === this._interval || this._poll.isDisposed) {
      return;
    }
    this._interval = value;
    this._poll.frequency = {
      ...this._poll.frequency,
      interval: value
    };
  }

  get isDisposed(): boolean {
    return this._poll.isDisposed;
  }

  /**
   * Poll now instead of waiting for the next tick.
   */
  refresh(): Promise<void> {
    return this._poll.refresh();
  }

  /**
   * Resolve once the current or next poll has finished.
   */
  get tick(): Promise<unknown> {
    return this._poll.tick;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    Signal.clearData(this);
  }

  private async _check(): Promise<number> {
    let revision: number;
    try {
      revision = await this._client.getRevision();
    } catch (error) {
      this._setError(error as Error);
      // Rethrow so that the poll backs off while the server is unreachable.
      throw error;
    }
    this._setError(null);
    const previous = this._revision;
    this._revision = revision;
    if (previous !== null && previous !== revision) {
      this._changed.emit(revision);
    }
    return revision;
  }

  private _setError(error: Error | null): void {
    if (error === this._error || (error === null && this._error === null)) {
      return;
    }
    this._error = error;
    this._errorChanged.emit(error);
  }

  private _client: IExperimentsClient;
  private _interval: number;
  private _poll: Poll<number, Error, 'standby'>;
  private _revision: number | null = null;
  private _error: Error | null = null;
  private _changed = new Signal<this, number>(this);
  private _errorChanged = new Signal<this, Error | null>(this);
}

/**
 * A namespace for `RevisionMonitor` statics.
 */
export namespace RevisionMonitor {
  /**
   * Options of the monitor constructor.
   */
  export interface IOptions {
    client: IExperimentsClient;
    /** Polling interval in milliseconds. */
    interval?: number;
    /** Whether to start polling at once (default `true`). Tests pass `false`. */
    auto?: boolean;
  }
}
