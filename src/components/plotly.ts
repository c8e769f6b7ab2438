import type PlotlyApi from 'plotly.js-dist-min';

/**
 * The plotly module, loaded on first use so that JupyterLab's start-up
 * does not load its 1.5 MB bundle.
 */
export type PlotlyModule = typeof PlotlyApi;

let plotlyPromise: Promise<PlotlyModule> | null = null;

/**
 * Load plotly once and return it.
 */
export function loadPlotly(): Promise<PlotlyModule> {
  if (!plotlyPromise) {
    plotlyPromise = import('plotly.js-cartesian-dist-min').then(
      // The bundle is a CommonJS module, which the bundler exposes as the
      // default export.
      module => (module.default ?? module) as PlotlyModule,
      reason => {
        plotlyPromise = null;
        throw reason;
      }
    );
  }
  return plotlyPromise;
}
