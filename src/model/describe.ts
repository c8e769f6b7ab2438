import type { IDisposable } from '@lumino/disposable';
import { type ISignal, Signal } from '@lumino/signaling';
import type { ITrialComponent } from '../api/types';
import type { IExperimentsClient } from '../tokens';
import { DescribeChartsModel } from './describeCharts';
import { isTrainingJob } from './format';
import type { RevisionMonitor } from './revision';

/**
 * The components of one trial, shown as the stages of that trial.
 */
export interface ITrialStages {
  trialName: string;
  experimentName: string;
  components: ITrialComponent[];
}

/**
 * State of the "Describe trial component" view: the component, the other
 * components of its trials, its charts, and the log of its job, which is
 * followed while the job runs.
 */
export class TrialComponentModel implements IDisposable {
  /**
   * Create a model for one trial component. Call `load()` to fetch it.
   */
  constructor(options: TrialComponentModel.IOptions) {
    this.name = options.name;
    this._client = options.client;
    this._monitor = options.monitor ?? null;
    this._logInterval = options.logInterval ?? TrialComponentModel.LOG_INTERVAL;
    this._maxLogLength =
      options.maxLogLength ?? TrialComponentModel.MAX_LOG_LENGTH;
    this.charts = new DescribeChartsModel({
      name: options.name,
      client: options.client
    });
    this._monitor?.changed.connect(this._onRevisionChanged, this);
  }

  /** Delay between two log requests while a job runs, in ms. */
  static readonly LOG_INTERVAL = 1000;

  /**
   * Number of log characters kept in the view. Older text is dropped so a
   * long job's log does not slow the page down.
   */
  static readonly MAX_LOG_LENGTH = 1_000_000;

  /** Name of the trial component. */
  readonly name: string;

  /**
   * The metric and artifact charts of the component, loaded when the view
   * shows them. Disposed with this model.
   */
  readonly charts: DescribeChartsModel;

  /** Emitted after any change of the component, stages, log or error. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The component, once loaded. */
  get component(): ITrialComponent | null {
    return this._component;
  }

  /** Components of each trial this component belongs to. */
  get stages(): readonly ITrialStages[] {
    return this._stages;
  }

  /** Error of the last load, or `null`. */
  get error(): Error | null {
    return this._error;
  }

  /** Whether the first load is running. */
  get loading(): boolean {
    return this._loading;
  }

  /** Whether the component was created by a job that writes a log. */
  get hasLog(): boolean {
    return this._component !== null && isTrainingJob(this._component);
  }

  /** Log text received so far, cut to the last `maxLogLength` characters. */
  get log(): string {
    return this._log;
  }

  /** Whether older log text was dropped from `log`. */
  get logTruncated(): boolean {
    return this._logTruncated;
  }

  /** Whether the job has ended and its log is complete. */
  get logComplete(): boolean {
    return this._logComplete;
  }

  /** Error of the last log request, or `null`. */
  get logError(): Error | null {
    return this._logError;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Fetch the component and its trials' components, and start following
   * the log of a job.
   */
  async load(): Promise<void> {
    const first = this._component === null;
    if (first) {
      this._loading = true;
      this._emit();
    }
    try {
      const component = await this._client.getTrialComponent(this.name);
      const stages = await Promise.all(
        component.parents.map(async parent => {
          const page = await this._client.listTrialComponents({
            trialName: parent.trial_name,
            maxResults: 100
          });
          return {
            trialName: parent.trial_name,
            experimentName: parent.experiment_name,
            components: sortByStart(page.items)
          };
        })
      );
      if (this._isDisposed) {
        return;
      }
      this._component = component;
      this._stages = stages;
      this._error = null;
      this.charts.update(component);
    } catch (error) {
      this._error = error as Error;
    }
    this._loading = false;
    this._emit();
    if (this.hasLog && !this._logStarted) {
      this._logStarted = true;
      void this._followLog();
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    if (this._logTimer !== null) {
      clearTimeout(this._logTimer);
    }
    this._monitor?.changed.disconnect(this._onRevisionChanged, this);
    this.charts.dispose();
    Signal.clearData(this);
  }

  private _onRevisionChanged(): void {
    void this.load();
  }

  /**
   * Request the log from the last offset, then again after `logInterval`
   * until the server reports it complete.
   */
  private async _followLog(): Promise<void> {
    this._logTimer = null;
    if (this._isDisposed) {
      return;
    }
    try {
      const chunk = await this._client.getLog(this.name, this._logOffset);
      if (this._isDisposed) {
        return;
      }
      this._appendLog(chunk.text);
      this._logOffset = chunk.offset;
      this._logComplete = chunk.complete;
      this._logError = null;
    } catch (error) {
      if (this._isDisposed) {
        return;
      }
      this._logError = error as Error;
    }
    this._emit();
    if (!this._logComplete) {
      // Back off while requests fail, so a missing log is not asked for every second.
      const delay = this._logError ? this._logInterval * 5 : this._logInterval;
      this._logTimer = setTimeout(() => void this._followLog(), delay);
    }
  }

  private _appendLog(text: string): void {
    if (!text) {
      return;
    }
    const log = this._log + text;
    if (log.length > this._maxLogLength) {
      this._log = log.slice(log.length - this._maxLogLength);
      this._logTruncated = true;
    } else {
      this._log = log;
    }
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _client: IExperimentsClient;
  private _monitor: RevisionMonitor | null;
  private _logInterval: number;
  private _maxLogLength: number;
  private _component: ITrialComponent | null = null;
  private _stages: ITrialStages[] = [];
  private _error: Error | null = null;
  private _loading = false;
  private _log = '';
  private _logOffset = 0;
  private _logTruncated = false;
  private _logComplete = false;
  private _logStarted = false;
  private _logError: Error | null = null;
  private _logTimer: ReturnType<typeof setTimeout> | null = null;
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
}

/**
 * A namespace for `TrialComponentModel` statics.
 */
export namespace TrialComponentModel {
  /**
   * Options of the model constructor.
   */
  export interface IOptions {
    /** Name of the trial component. */
    name: string;
    client: IExperimentsClient;
    /** Source of store revisions; the model reloads when it changes. */
    monitor?: RevisionMonitor;
    /** Delay between two log requests while the job runs, in ms. */
    logInterval?: number;
    /** Number of log characters kept. */
    maxLogLength?: number;
  }
}

/**
 * Sort components by start time, then creation time, so that stages read in
 * the order they ran (preprocessing before training).
 */
export function sortByStart(components: ITrialComponent[]): ITrialComponent[] {
  const time = (component: ITrialComponent): number => {
    const iso = component.start_time ?? component.creation_time;
    const ms = iso ? new Date(iso).getTime() : NaN;
    return Number.isNaN(ms) ? Number.MAX_SAFE_INTEGER : ms;
  };
  return [...components].sort(
    (a, b) => time(a) - time(b) || a.name.localeCompare(b.name)
  );
}
