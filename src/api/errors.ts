import { ServerConnection } from '@jupyterlab/services';
import type { IErrorBody } from './types';

/**
 * Error response of the experiments REST API.
 *
 * Carries the server's `error_code` and `message` so that callers can tell
 * a conflict (409) from a missing resource (404).
 */
export class ExperimentsApiError extends ServerConnection.ResponseError {
  /**
   * Create an error from a response and its parsed JSON body.
   */
  constructor(response: Response, body: Partial<IErrorBody> | null) {
    super(response, body?.message ?? response.statusText);
    this.errorCode = body?.error_code ?? null;
    this.field = body?.field ?? null;
  }

  /** HTTP status of the response. */
  get status(): number {
    return this.response.status;
  }

  /** Server error code such as `ConflictException`, if the body had one. */
  readonly errorCode: string | null;

  /** Request parameter the error is about, if the server named one. */
  readonly field: string | null;
}

/**
 * Error raised when the REST routes do not exist on the server, which means
 * the server extension is not installed or not enabled.
 */
export class ServerExtensionMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerExtensionMissingError';
  }

  /** Command that lists the server extensions and whether they loaded. */
  readonly checkCommand = 'jupyter server extension list';
}
