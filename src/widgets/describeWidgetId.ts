/**
 * Return the widget id of the tab describing a trial component, so that a
 * second request activates the open tab instead of opening another.
 */
export function describeWidgetId(name: string): string {
  return `jp-experiments-describe-${encodeURIComponent(name)}`;
}
