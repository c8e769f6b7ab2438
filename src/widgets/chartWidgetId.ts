import { UUID } from '@lumino/coreutils';

/** Prefix of the widget ids of chart tabs. */
const CHART_ID_PREFIX = 'jp-experiments-chart-';

/** A chart tab's widget id: the prefix, then letters, digits and hyphens. */
const CHART_ID_PATTERN = /^jp-experiments-chart-[0-9A-Za-z-]{1,64}$/;

/**
 * Return a new widget id for a chart tab, unique in the page, so that two
 * charts of the same components keep apart in the DOM and in the saved
 * layout.
 */
export function newChartWidgetId(): string {
  return `${CHART_ID_PREFIX}${UUID.uuid4()}`;
}

/**
 * Return a chart tab's widget id from untrusted JSON, such as restored
 * layout arguments, or `null` when it is not one.
 */
export function parseChartWidgetId(value: unknown): string | null {
  return typeof value === 'string' && CHART_ID_PATTERN.test(value)
    ? value
    : null;
}
