import { Time } from '@jupyterlab/coreutils';
import type { ITrialComponent, WireNumber } from '../api/types';

/**
 * Source type of trial components created by training jobs.
 */
export const TRAINING_JOB_SOURCE_TYPE = 'SageMakerTrainingJob';

/**
 * Convert a wire number to a JavaScript number. The server sends
 * non-finite values as strings because JSON cannot represent them.
 */
export function toNumber(value: WireNumber | null | undefined): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'number') {
    return value;
  }
  switch (value) {
    case 'NaN':
      return NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    default:
      return null;
  }
}

/**
 * Format a metric or parameter value with at most six significant digits,
 * keeping integers whole and spelling out non-finite values.
 */
export function formatNumber(value: WireNumber | null | undefined): string {
  const number = toNumber(value);
  if (number === null) {
    return '';
  }
  if (Number.isNaN(number)) {
    return 'NaN';
  }
  if (!Number.isFinite(number)) {
    return number > 0 ? '∞' : '−∞';
  }
  if (Number.isInteger(number) && Math.abs(number) < 1e15) {
    return String(number);
  }
  return String(Number(number.toPrecision(6)));
}

/**
 * Format an ISO 8601 time in the user's locale, or return an empty string
 * when the time is missing or unparsable.
 */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit'
  });
}

/**
 * Format an ISO 8601 time relative to now ("5 minutes ago"), as the file
 * browser does, or return an empty string when it is missing or unparsable.
 */
export function formatRelativeTime(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : Time.formatHuman(date);
}

/**
 * Compute the duration between two ISO times in milliseconds, or `null`
 * when either is missing or the end is before the start.
 */
export function durationMs(
  start: string | null | undefined,
  end: string | null | undefined
): number | null {
  if (!start || !end) {
    return null;
  }
  const ms = new Date(end).getTime() - new Date(start).getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/**
 * Format a duration as `1h 02m 03s`, `2m 03s` or `3.4s`.
 */
export function formatDuration(ms: number | null): string {
  if (ms === null) {
    return '';
  }
  if (ms < 60_000) {
    return `${Math.round(ms / 100) / 10}s`;
  }
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 0
    ? `${hours}h ${pad(minutes)}m ${pad(seconds)}s`
    : `${minutes}m ${pad(seconds)}s`;
}

/**
 * Return the label shown for a record: its display name, else its name.
 */
export function displayName(record: {
  name: string;
  display_name?: string | null;
}): string {
  return record.display_name || record.name;
}

/**
 * Tell whether a trial component was created by a training job and so has
 * a log to show.
 */
export function isTrainingJob(component: ITrialComponent): boolean {
  return (
    component.source?.source_type === TRAINING_JOB_SOURCE_TYPE ||
    component.name.endsWith('-aws-training-job')
  );
}
