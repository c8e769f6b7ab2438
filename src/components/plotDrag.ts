/**
 * Resolve once no mouse or touch drag is under way on a plot. Plotly sets
 * `_dragging` on its graph element from the press to the release. Drawing
 * the plot again in between, as the points of an earlier zoom arrive,
 * would cancel the zoom or pan the user is making.
 */
export function dragEnded(node: HTMLElement): Promise<void> {
  if ((node as { _dragging?: boolean })._dragging !== true) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const done = () => {
      document.removeEventListener('mouseup', done, true);
      document.removeEventListener('touchend', done, true);
      document.removeEventListener('touchcancel', done, true);
      // Plotly applies the drag on the same release, after this listener.
      window.setTimeout(resolve, 0);
    };
    document.addEventListener('mouseup', done, true);
    document.addEventListener('touchend', done, true);
    document.addEventListener('touchcancel', done, true);
  });
}
