/**
 * Wire types of the REST API served under
 * `<base_url>/jupyterlab-experiments/api/`.
 *
 * Keys are snake_case as sent by the server; times are ISO 8601 UTC strings.
 * Keep these types identical to `jupyterlab_experiments/server/openapi.yaml`.
 */

/**
 * A number sent over JSON. Non-finite values arrive as the strings
 * `"NaN"`, `"Infinity"` and `"-Infinity"` because JSON has no literal for them.
 */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/**
 * The body of every error response.
 */
export interface IErrorBody {
  /** Stable error code such as `ResourceNotFound` or `ConflictException`. */
  error_code: string;
  /** Human-readable message written by the server. */
  message: string;
  /** The request parameter the error is about, when there is one. */
  field?: string;
  /** The rule that the value breaks, for validation errors. */
  rule?: string;
  /** The HTTP reason phrase. */
  reason?: string;
  /** For 409 on delete: names of the records still attached, by kind. */
  attached?: { trials?: string[]; trial_components?: string[] };
}

/**
 * `GET revision`.
 */
export interface IRevisionResponse {
  /** Counter that increases on every write to the store by any process. */
  revision: number;
}

/**
 * An experiment as listed by `GET experiments`.
 */
export interface IExperiment {
  name: string;
  display_name: string | null;
  description: string | null;
  arn: string;
  creation_time: string | null;
  last_modified_time: string | null;
  trial_count: number;
}

/**
 * A trial as listed by `GET experiments/{name}/trials`.
 */
export interface ITrial {
  name: string;
  display_name: string | null;
  experiment_name: string;
  arn: string;
  creation_time: string | null;
  last_modified_time: string | null;
  trial_component_count: number;
}

/**
 * The job or other resource that created a trial component.
 */
export interface ITrialComponentSource {
  source_arn: string;
  source_type: string | null;
}

/**
 * Status of a trial component.
 */
export interface ITrialComponentStatus {
  /** One of `InProgress`, `Completed`, `Failed`, `Stopping`, `Stopped`. */
  primary_status: string | null;
  message: string | null;
}

/**
 * An input or output artifact.
 */
export interface IArtifact {
  value: string;
  media_type: string | null;
}

/**
 * Summary statistics of one metric of a trial component.
 */
export interface IMetricSummary {
  metric_name: string;
  min: WireNumber | null;
  max: WireNumber | null;
  avg: WireNumber | null;
  std_dev: WireNumber | null;
  last: WireNumber | null;
  count: number | null;
  time_stamp: string | null;
}

/**
 * A trial that a trial component is associated with.
 */
export interface IParent {
  trial_name: string;
  experiment_name: string;
}

/**
 * Kind of job that created a trial component.
 */
export type TrialComponentType = 'training-job' | 'processing-job' | 'other';

/**
 * A trial component, as listed by `GET trial-components` and returned by
 * `GET trial-components/{name}`.
 */
export interface ITrialComponent {
  name: string;
  display_name: string | null;
  arn: string;
  source: ITrialComponentSource | null;
  status: ITrialComponentStatus | null;
  start_time: string | null;
  end_time: string | null;
  creation_time: string | null;
  last_modified_time: string | null;
  parameters: { [name: string]: WireNumber | string };
  input_artifacts: { [name: string]: IArtifact };
  output_artifacts: { [name: string]: IArtifact };
  metrics: IMetricSummary[];
  parents: IParent[];
  tags: { [key: string]: string };
  /** Kind of job that created the component, derived from its source ARN. */
  type?: TrialComponentType;
  /** End time minus start time, in seconds, when both are known. */
  duration_seconds?: number | null;
}

/**
 * `GET trial-components/{name}/metrics/{metric_name}[?max_points=N]`.
 */
export interface IMetricSeries {
  metric_name: string;
  points: {
    step: number | null;
    timestamp: string | null;
    value: WireNumber;
  }[];
  /**
   * Whether the server sent a subset of the points because the metric has
   * more than `max_points`. The subset keeps each bucket's minimum and
   * maximum.
   */
  downsampled?: boolean;
  /** Number of points the metric has, whether or not all were sent. */
  point_count?: number;
}

/**
 * `GET trial-components/{name}/log?offset=N`.
 */
export interface ILogChunk {
  /** Text of the log from `offset` on. */
  text: string;
  /** Offset to send with the next request to continue after `text`. */
  offset: number;
  /** True once the job has ended and the log will not grow any more. */
  complete: boolean;
}

/**
 * The envelope of every list response, keyed by the resource name.
 */
export type ListResponse<K extends string, T> = {
  [key in K]: T[];
} & {
  next_token: string | null;
  total_count: number | null;
};
