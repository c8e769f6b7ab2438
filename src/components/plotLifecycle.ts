import type { PlotlyHTMLElement } from 'plotly.js-dist-min';
import type React from 'react';
import { useEffect } from 'react';
import { placeLegend } from './chartLegend';
import type { IChartFigure } from './ChartView';
import { loadPlotly, type PlotlyModule } from './plotly';

/*
 * The life of a drawn plotly plot: drawn again only between drags, fitted
 * to its container as that resizes, and freed when it is removed.
 */

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

/**
 * Resize a drawn plot with its container, moving its legend under it or
 * back as `placeLegend` decides for the new width, and free it on unmount.
 */
export function usePlotLifecycle(
  plotRef: React.RefObject<HTMLDivElement>,
  figureRef: React.RefObject<IChartFigure | null>
): void {
  useEffect(() => {
    const node = plotRef.current;
    if (!node) {
      return;
    }
    const drawn = () => node.classList.contains('js-plotly-plot');
    let frame = 0;
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            cancelAnimationFrame(frame);
            frame = requestAnimationFrame(() => {
              if (drawn()) {
                void loadPlotly().then(Plotly =>
                  resizePlot(Plotly, node, figureRef)
                );
              }
            });
          });
    observer?.observe(node);
    return () => {
      cancelAnimationFrame(frame);
      observer?.disconnect();
      if (drawn()) {
        void loadPlotly().then(Plotly => Plotly.purge(node));
      }
    };
  }, [plotRef]);
}

/**
 * Fit a drawn plot to its container, and place its legend for the new
 * width when that moves it under the plot or back.
 */
async function resizePlot(
  Plotly: PlotlyModule,
  node: HTMLElement,
  figureRef: React.RefObject<IChartFigure | null>
): Promise<void> {
  await Plotly.Plots.resize(node);
  // Read after the resize, because a newer figure may have been drawn.
  const figure = figureRef.current;
  if (!figure) {
    return;
  }
  const placed = placeLegend(figure, node.clientWidth).legend ?? {};
  const drawnLayout = (node as Partial<PlotlyHTMLElement>).layout;
  const drawnBelow = drawnLayout?.legend?.orientation === 'h';
  if (drawnBelow !== (placed.orientation === 'h')) {
    await Plotly.relayout(node, { legend: placed });
  }
}
