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

/**
 * Return a time as `YYYY-MM-DD HH:MM:SS.mmm` in the browser's time zone,
 * the form plotly reads on date axes without shifting it.
 */
export function localTimeText(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}`
  );
}

/**
 * Date and time fields of a local time text: `YYYY-MM-DD`, optionally
 * followed by a space or `T` and `HH`, `HH:MM`, `HH:MM:SS` or
 * `HH:MM:SS.fraction`.
 */
const LOCAL_TIME_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?)?$/;

/**
 * Parse a local time in the browser's time zone, as `localTimeText` writes
 * it or in the shorter forms that plotly writes for date axis ranges, into
 * milliseconds since the epoch. Fractions of a millisecond are kept.
 *
 * NOTE: in the hour that repeats when daylight saving time ends, a text
 * names two instants, and this returns the earlier one, as `Date` does.
 *
 * @returns The time, or `null` for text of another form or an invalid date.
 */
export function parseLocalTimeText(text: string): number | null {
  const match = LOCAL_TIME_TEXT.exec(text.trim());
  if (!match) {
    return null;
  }
  const [year, month, day, hours, minutes, seconds] = match
    .slice(1, 7)
    .map(field => (field === undefined ? 0 : Number(field)));
  if (hours > 23 || minutes > 59 || seconds > 59) {
    return null;
  }
  const date = new Date(2000, 0, 1, hours, minutes, seconds);
  // `setFullYear` keeps years 0 to 99, which the constructor maps to 19xx.
  date.setFullYear(year, month - 1, day);
  // The hours are not compared, because a time in the hour that daylight
  // saving time skips moves to the next hour.
  const validDate =
    date.getFullYear() === year &&
    date.getMonth() === month - 1 &&
    date.getDate() === day;
  if (!validDate) {
    return null;
  }
  const fraction = match[7] === undefined ? 0 : Number(`0.${match[7]}`);
  return date.getTime() + fraction * 1000;
}
