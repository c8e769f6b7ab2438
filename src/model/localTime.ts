/**
 * Convert the value of an `<input type="datetime-local">`, a local time,
 * to UTC ISO 8601 text with seconds, such as `2026-01-31T11:00:00Z`.
 *
 * @returns The UTC time, or `null` for empty or invalid input.
 */
export function localInputToIso(text: string): string | null {
  // Without an offset, ECMAScript reads a date-time form as local time.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) {
    return null;
  }
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    return null;
  }
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Convert ISO 8601 text to the local time that an
 * `<input type="datetime-local">` shows, such as `2026-01-31T12:00`.
 *
 * @returns The local time, or an empty string for missing or invalid text.
 */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const minutes = `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  const seconds = date.getSeconds();
  return seconds === 0 ? minutes : `${minutes}:${pad(seconds)}`;
}
