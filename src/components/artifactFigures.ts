import type { TranslationBundle } from '@jupyterlab/translation';
import type { Data, Layout, LayoutAxis } from 'plotly.js-dist-min';
import type {
  ArtifactChart,
  IConfusionMatrixChart,
  IPrecisionRecallChart,
  IRocCurveChart
} from '../model/describeCharts';
import { formatNumber } from '../model/format';
import {
  CHART_COLORS,
  escapePlotlyText,
  type IChartFigure,
  type IChartTheme
} from './ChartView';

/**
 * Build the plotly figure of a logged chart in the theme's colours: a
 * heatmap of counts for a confusion matrix, a line for a ROC or
 * precision-recall curve. The title is the chart's title, else
 * `fallbackTitle`, with the area under the curve or the average precision
 * when the document has it. Every label is escaped for plotly.
 */
export function artifactFigure(
  chart: ArtifactChart,
  fallbackTitle: string,
  theme: IChartTheme,
  trans: TranslationBundle
): IChartFigure {
  const name = chart.title ?? fallbackTitle;
  let figure: IChartFigure;
  switch (chart.kind) {
    case 'confusionMatrix':
      figure = confusionMatrixFigure(chart, name, theme, trans);
      break;
    case 'rocCurve':
      figure = rocCurveFigure(chart, name, theme, trans);
      break;
    case 'precisionRecall':
      figure = precisionRecallFigure(chart, name, theme, trans);
      break;
  }
  return { data: figure.data, layout: themedLayout(figure.layout, theme) };
}

/**
 * Return the translated name of a chart's kind.
 */
export function chartKindTitle(
  chart: ArtifactChart,
  trans: TranslationBundle
): string {
  switch (chart.kind) {
    case 'confusionMatrix':
      return trans.__('Confusion matrix');
    case 'rocCurve':
      return trans.__('ROC curve');
    case 'precisionRecall':
      return trans.__('Precision-recall curve');
  }
}

/**
 * Return the figure title of a chart: its name, and the area under the
 * curve or the average precision when known.
 */
export function artifactChartTitle(
  chart: ArtifactChart,
  name: string,
  trans: TranslationBundle
): string {
  if (chart.kind === 'rocCurve' && chart.areaUnderCurve !== null) {
    return trans.__('%1 (AUC %2)', name, formatNumber(chart.areaUnderCurve));
  }
  if (chart.kind === 'precisionRecall' && chart.averagePrecision !== null) {
    return trans.__(
      '%1 (average precision %2)',
      name,
      formatNumber(chart.averagePrecision)
    );
  }
  return name;
}

function confusionMatrixFigure(
  chart: IConfusionMatrixChart,
  name: string,
  theme: IChartTheme,
  trans: TranslationBundle
): IChartFigure {
  const labels = chart.labels.map(escapePlotlyText);
  const trueLabel = escapePlotlyText(trans.__('True label'));
  const predictedLabel = escapePlotlyText(trans.__('Predicted label'));
  const count = escapePlotlyText(trans.__('Count'));
  const trace: Data = {
    type: 'heatmap',
    z: chart.matrix,
    x: labels,
    y: labels,
    text: chart.matrix.map(row => row.map(value => formatNumber(value))),
    texttemplate: '%{text}',
    // From the page's background for no samples to the first trace colour
    // for the most, so the scale reads the same in light and dark themes.
    colorscale: [
      [0, theme.background ?? 'white'],
      [1, CHART_COLORS[0]]
    ],
    colorbar: { outlinewidth: 0 },
    hovertemplate:
      `${trueLabel}: %{y}<br>${predictedLabel}: %{x}<br>` +
      `${count}: %{text}<extra></extra>`
  };
  return {
    data: [trace],
    layout: {
      title: { text: escapePlotlyText(artifactChartTitle(chart, name, trans)) },
      xaxis: {
        title: { text: predictedLabel },
        type: 'category',
        categoryorder: 'array',
        categoryarray: labels,
        showgrid: false
      },
      // The first label is at the top, as in a printed matrix.
      yaxis: {
        title: { text: trueLabel },
        type: 'category',
        categoryorder: 'array',
        categoryarray: labels,
        autorange: 'reversed',
        showgrid: false
      }
    }
  };
}

function rocCurveFigure(
  chart: IRocCurveChart,
  name: string,
  theme: IChartTheme,
  trans: TranslationBundle
): IChartFigure {
  const xTitle = escapePlotlyText(trans.__('False positive rate'));
  const yTitle = escapePlotlyText(trans.__('True positive rate'));
  return curveFigure({
    title: artifactChartTitle(chart, name, trans),
    curveName: trans.__('ROC curve'),
    x: chart.falsePositiveRate,
    y: chart.truePositiveRate,
    xTitle,
    yTitle,
    shape: 'linear',
    baseline: {
      name: trans.__('Chance'),
      x: [0, 1],
      y: [0, 1]
    },
    legendCorner: 'right',
    theme
  });
}

function precisionRecallFigure(
  chart: IPrecisionRecallChart,
  name: string,
  theme: IChartTheme,
  trans: TranslationBundle
): IChartFigure {
  return curveFigure({
    title: artifactChartTitle(chart, name, trans),
    curveName: trans.__('Precision-recall curve'),
    x: chart.recall,
    y: chart.precision,
    xTitle: escapePlotlyText(trans.__('Recall')),
    yTitle: escapePlotlyText(trans.__('Precision')),
    // Precision stays constant from one threshold's recall to the next, as
    // in scikit-learn's step plot.
    shape: 'hv',
    baseline:
      chart.noSkill === null
        ? null
        : {
            name: trans.__('No skill'),
            x: [0, 1],
            y: [chart.noSkill, chart.noSkill]
          },
    legendCorner: 'left',
    theme
  });
}

/**
 * Options of `curveFigure`, which draws one curve, an optional dashed
 * baseline, and axes from 0 to 1.
 */
interface ICurveFigureOptions {
  title: string;
  curveName: string;
  x: number[];
  y: number[];
  /** Escaped axis titles. */
  xTitle: string;
  yTitle: string;
  shape: 'linear' | 'hv';
  baseline: { name: string; x: number[]; y: number[] } | null;
  /** Bottom corner of the legend, away from the curve. */
  legendCorner: 'left' | 'right';
  theme: IChartTheme;
}

function curveFigure(options: ICurveFigureOptions): IChartFigure {
  const color = CHART_COLORS[0];
  const traces: Data[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: escapePlotlyText(options.curveName),
      x: options.x,
      y: options.y,
      line: { color, width: 2, shape: options.shape },
      hovertemplate: `${options.xTitle}: %{x:.4f}<br>${options.yTitle}: %{y:.4f}<extra></extra>`
    }
  ];
  if (options.baseline) {
    traces.push({
      type: 'scatter',
      mode: 'lines',
      name: escapePlotlyText(options.baseline.name),
      x: options.baseline.x,
      y: options.baseline.y,
      line: { color: options.theme.secondary, width: 1, dash: 'dash' },
      hoverinfo: 'skip'
    });
  }
  // A little room beyond 0 and 1 keeps lines on the border visible.
  const unitAxis = (title: string): Partial<LayoutAxis> => ({
    title: { text: title },
    range: [-0.02, 1.02],
    zeroline: false
  });
  const left = options.legendCorner === 'left';
  return {
    data: traces,
    layout: {
      title: { text: escapePlotlyText(options.title) },
      showlegend: true,
      legend: {
        x: left ? 0.02 : 0.98,
        xanchor: left ? 'left' : 'right',
        y: 0.02,
        yanchor: 'bottom',
        bgcolor: 'rgba(0, 0, 0, 0)'
      },
      xaxis: unitAxis(options.xTitle),
      yaxis: unitAxis(options.yTitle)
    }
  };
}

/**
 * Apply the theme's colours and fonts to a layout, as `buildFigure` does
 * for the trial component charts.
 */
function themedLayout(
  layout: Partial<Layout>,
  theme: IChartTheme
): Partial<Layout> {
  const axis = (settings: Partial<LayoutAxis> = {}): Partial<LayoutAxis> => ({
    automargin: true,
    gridcolor: theme.grid,
    linecolor: theme.line,
    zerolinecolor: theme.line,
    ...settings
  });
  const title = layout.title as Partial<Layout['title']> | undefined;
  return {
    ...layout,
    autosize: true,
    autotypenumbers: 'strict',
    font: {
      family: theme.fontFamily,
      color: theme.foreground,
      size: theme.fontSize
    },
    hovermode: 'closest',
    margin: { l: 8, r: 8, t: 40, b: 8 },
    modebar: {
      bgcolor: 'rgba(0, 0, 0, 0)',
      color: theme.secondary,
      activecolor: theme.foreground
    },
    paper_bgcolor: theme.background,
    plot_bgcolor: theme.background,
    title: { ...title, x: 0.02, xanchor: 'left' },
    xaxis: axis(layout.xaxis),
    yaxis: axis(layout.yaxis)
  };
}
