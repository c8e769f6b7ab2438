import type { TranslationBundle } from '@jupyterlab/translation';
import type {
  Config,
  Data,
  Layout,
  LayoutAxis,
  PlotlyHTMLElement,
  PlotRelayoutEvent
} from 'plotly.js-dist-min';
import React, { useEffect, useMemo, useRef, useState } from 'react';
import {
  type ChartColor,
  type IChartProperties,
  type ISummaryData,
  type ITimeSeriesData,
  parseColumnKey,
  valueText
} from '../model/chart';
import {
  type IPlotAxis,
  type PlotRange,
  viewRevision
} from '../model/chartZoom';
import { formatNumber } from '../model/format';
import { legendTexts, placeLegend } from './chartLegend';
import { dragEnded, usePlotLifecycle } from './plotLifecycle';
import { loadPlotly, type PlotlyModule } from './plotly';
import { countLogBins, type ILogBin, logBinEdges } from '../model/logBins';
import { metricLabel } from '../model/tableColumns';

/**
 * The prepared data of a chart with the properties it was prepared for.
 */
export type ChartInput =
  | { dataType: 'summary'; data: ISummaryData; properties: IChartProperties }
  | {
      dataType: 'timeSeries';
      data: ITimeSeriesData;
      properties: IChartProperties;
      /** The zoomed x range in plotly's units, or none for the whole series. */
      xRange?: PlotRange | null;
      /** The y range the user zoomed to, in plotly's units, or none. */
      yRange?: [number, number] | null;
    };

/**
 * Colours and fonts of the JupyterLab theme, as plotly takes them.
 */
export interface IChartTheme {
  background?: string;
  foreground?: string;
  /** Colour of secondary text, such as the mode bar's icons. */
  secondary?: string;
  fontFamily?: string;
  fontSize?: number;
  grid?: string;
  line?: string;
}

/**
 * A plotly figure.
 */
export interface IChartFigure {
  data: Data[];
  layout: Partial<Layout>;
}

/**
 * Colours of the traces, in order: plotly's default colour sequence, so
 * charts look like the notebook's plotly figures.
 */
export const CHART_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf'
];

/** Up to this many points per curve, lines also mark each point. */
const MARKED_POINTS_MAX = 50;

/** Marker diameter of scatter plots, in pixels (plotly's default is 6). */
const SCATTER_MARKER_SIZE = 9;

/** Gap between histogram bins, as a fraction of a bin's width. */
const HISTOGRAM_BAR_GAP = 0.04;

/**
 * Histograms whose largest count is at most this get a tick at every
 * whole number.
 */
const HISTOGRAM_UNIT_TICKS_MAX = 10;

/**
 * Escape text for plotly, which renders a subset of HTML tags in trace
 * names, axis titles, tick labels and hover text. Plotly decodes the
 * entities after it has split off the tags, so names show literally.
 */
export function escapePlotlyText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Read the theme's colours and fonts from the CSS variables of an element.
 * Missing variables stay undefined, so plotly uses its defaults.
 */
export function readChartTheme(element: Element = document.body): IChartTheme {
  const style = window.getComputedStyle(element);
  const read = (name: string) =>
    style.getPropertyValue(name).trim() || undefined;
  const fontSize = parseFloat(read('--jp-ui-font-size1') ?? '');
  return {
    background: read('--jp-layout-color0'),
    foreground: read('--jp-ui-font-color1'),
    secondary: read('--jp-ui-font-color2'),
    fontFamily: read('--jp-ui-font-family'),
    fontSize: Number.isFinite(fontSize) ? fontSize : undefined,
    grid: read('--jp-border-color2'),
    line: read('--jp-border-color1')
  };
}

/**
 * Return the translated title of a summary column.
 */
export function columnTitle(key: string, trans: TranslationBundle): string {
  const column = parseColumnKey(key);
  if (!column) {
    return key;
  }
  return column.kind === 'parameter'
    ? column.name
    : metricLabel(column.name, column.statistic, trans);
}

/**
 * Return the translated legend title of a colour choice.
 */
export function colorTitle(
  color: ChartColor,
  trans: TranslationBundle
): string {
  switch (color) {
    case 'none':
      return '';
    case 'trialComponent':
      return trans.__('Trial component');
    case 'trial':
      return trans.__('Trial');
    default:
      return color.slice('Parameters.'.length);
  }
}

/**
 * Build the plotly figure of a chart in the theme's colours. Every name
 * and value placed in text is escaped, and hover text is set per point,
 * so no name reaches plotly's template or HTML parsing.
 */
export function buildFigure(
  input: ChartInput,
  theme: IChartTheme,
  trans: TranslationBundle
): IChartFigure {
  const figure =
    input.dataType === 'summary'
      ? summaryFigure(input.data, input.properties, trans)
      : timeSeriesFigure(input.data, input.properties, trans, {
          x: input.xRange ?? null,
          y: input.yRange ?? null
        });
  const { properties } = input;
  const axis = (settings: Partial<LayoutAxis>): Partial<LayoutAxis> => ({
    automargin: true,
    gridcolor: theme.grid,
    linecolor: theme.line,
    zerolinecolor: theme.line,
    ...settings
  });
  const legend = escapePlotlyText(colorTitle(properties.color, trans));
  const layout: Partial<Layout> = {
    ...figure.layout,
    autosize: true,
    // Numeric-looking strings stay text, so string parameters never turn
    // an axis numeric.
    autotypenumbers: 'strict',
    font: {
      family: theme.fontFamily,
      color: theme.foreground,
      size: theme.fontSize
    },
    hovermode: 'closest',
    legend: { title: { text: legend } },
    margin: { l: 8, r: 8, t: 32, b: 8 },
    modebar: {
      bgcolor: 'rgba(0, 0, 0, 0)',
      color: theme.secondary,
      activecolor: theme.foreground
    },
    paper_bgcolor: theme.background,
    plot_bgcolor: theme.background,
    // Keep the user's zoom while live data reloads, but not when the axes
    // show something else.
    uirevision: viewRevision(properties),
    xaxis: axis(figure.layout.xaxis ?? {}),
    yaxis: axis(figure.layout.yaxis ?? {})
  };
  return { data: figure.data, layout };
}

function summaryFigure(
  data: ISummaryData,
  properties: IChartProperties,
  trans: TranslationBundle
): IChartFigure {
  const xTitle = columnTitle(properties.x, trans);
  const yTitle = columnTitle(properties.y, trans);
  const isCategory = data.categories !== null;
  const xText = (value: string | number) =>
    isCategory ? escapePlotlyText(valueText(value)) : value;
  const histogram = properties.chartType === 'histogram';
  const grouped = properties.color !== 'none';

  // Plotly bins in data units, which fails on a log axis.
  const logEdges =
    histogram && properties.logX && !isCategory
      ? logBinEdges(
          data.groups.flatMap(group =>
            group.items.map(point => point.x as number)
          )
        )
      : null;
  const legend = legendTexts(
    data.groups.map(group => groupLabel(group.label, properties, trans))
  );
  const traces: Data[] = data.groups.map((group, index) => {
    const color = CHART_COLORS[index % CHART_COLORS.length];
    const name = escapePlotlyText(
      legend(groupLabel(group.label, properties, trans))
    );
    const x = group.items.map(point => xText(point.x));
    if (logEdges) {
      return logHistogramTrace(
        countLogBins(
          group.items.map(point => point.x as number),
          logEdges
        ),
        { name, color, opacity: grouped ? 0.6 : 1 },
        trans
      );
    }
    if (histogram) {
      return {
        type: 'histogram',
        name,
        x,
        marker: { color },
        opacity: grouped ? 0.6 : 1,
        hovertemplate: `%{x}<br>${escapePlotlyText(
          trans.__('Trial components')
        )}: %{y}<extra>%{fullData.name}</extra>`
      };
    }
    const hovertext = group.items.map(point =>
      [
        escapePlotlyText(point.label),
        `${escapePlotlyText(xTitle)}: ${escapePlotlyText(valueText(point.x))}`,
        `${escapePlotlyText(yTitle)}: ${formatNumber(point.y)}`
      ].join('<br>')
    );
    const common = {
      name,
      x,
      y: group.items.map(point => point.y),
      hovertext,
      hovertemplate: '%{hovertext}<extra></extra>'
    };
    if (properties.chartType === 'bar') {
      return { ...common, type: 'bar', marker: { color } };
    }
    const line = properties.chartType === 'line';
    return {
      ...common,
      type: 'scatter',
      mode: line ? 'lines+markers' : 'markers',
      // A scatter plot has only its markers, so they are drawn larger.
      marker: { color, size: line ? 6 : SCATTER_MARKER_SIZE },
      line: { color }
    };
  });

  const xaxis: Partial<LayoutAxis> = {
    title: { text: escapePlotlyText(xTitle) },
    type: properties.logX ? 'log' : 'linear'
  };
  if (logEdges && logEdges.length > 1) {
    // Plotly fits a log axis to the middles of the bars, which cuts off
    // the outer halves of the first and last bins.
    xaxis.range = [
      Math.log10(logEdges[0]),
      Math.log10(logEdges[logEdges.length - 1])
    ];
    xaxis.autorange = false;
  }
  if (data.categories) {
    xaxis.type = 'category';
    xaxis.categoryorder = 'array';
    xaxis.categoryarray = data.categories.map(escapePlotlyText);
  }
  const yaxis: Partial<LayoutAxis> = {
    title: {
      text: escapePlotlyText(histogram ? trans.__('Trial components') : yTitle)
    },
    type: properties.logY ? 'log' : 'linear'
  };
  if (histogram && !properties.logY) {
    yaxis.rangemode = 'tozero';
    // Counts are whole numbers, but plotly's automatic ticks on a range
    // of a few units fall on halves. No bin can count more components
    // than the largest colour group has.
    const largestGroup = Math.max(
      0,
      ...data.groups.map(group => group.items.length)
    );
    if (largestGroup <= HISTOGRAM_UNIT_TICKS_MAX) {
      yaxis.dtick = 1;
    }
  }
  return {
    data: traces,
    layout: {
      barmode: histogram ? 'overlay' : 'group',
      // A thin gap keeps neighbouring bins apart.
      bargap: histogram ? HISTOGRAM_BAR_GAP : undefined,
      showlegend: grouped,
      xaxis,
      yaxis
    }
  };
}

/**
 * Draw counted log bins as bars between their edges. Each bar starts at
 * its bin's start (offset 0) and is as wide as the bin in data units.
 * Plotly places a bar given by its middle with rounding that moves the
 * edges of bins many decades wide, so the middle is not used.
 */
function logHistogramTrace(
  bins: readonly ILogBin[],
  style: { name: string; color: string; opacity: number },
  trans: TranslationBundle
): Data {
  const countLabel = escapePlotlyText(trans.__('Trial components'));
  return {
    type: 'bar',
    name: style.name,
    x: bins.map(bin => bin.start),
    offset: 0,
    width: bins.map(bin => bin.end - bin.start),
    y: bins.map(bin => bin.count),
    marker: { color: style.color },
    opacity: style.opacity,
    hovertext: bins.map(
      bin =>
        `${formatNumber(bin.start)} – ${formatNumber(bin.end)}<br>` +
        `${countLabel}: ${bin.count}`
    ),
    hovertemplate: '%{hovertext}<extra>%{fullData.name}</extra>'
  };
}

function timeSeriesFigure(
  data: ITimeSeriesData,
  properties: IChartProperties,
  trans: TranslationBundle,
  ranges: { x: PlotRange | null; y: [number, number] | null } = {
    x: null,
    y: null
  }
): IChartFigure {
  const xTitle = timeAxisTitle(properties, trans);
  const smoothed = properties.smoothing > 0;
  const byComponent = properties.color === 'trialComponent';
  const traces: Data[] = [];
  // Escaped once: a chart of 20 long series builds some 40,000 hover texts.
  const xPrefix = `${escapePlotlyText(xTitle)}: `;
  const metricPrefix = `${escapePlotlyText(properties.metric)}: `;
  const rawPrefix = `${escapePlotlyText(trans.__('Raw value'))}: `;
  const stepPrefix = `${escapePlotlyText(trans.__('Step'))}: `;

  const legend = legendTexts(
    data.groups.flatMap(group => [
      groupLabel(group.label, properties, trans),
      ...group.items.map(curve => curve.label)
    ])
  );
  // Colour by trial or parameter: hover names the group too, because the
  // legend may show it shortened.
  const groupPrefix =
    byComponent || properties.color === 'none'
      ? null
      : `${escapePlotlyText(colorTitle(properties.color, trans))}: `;

  data.groups.forEach((group, groupIndex) => {
    const color = CHART_COLORS[groupIndex % CHART_COLORS.length];
    const fullGroupName = escapePlotlyText(
      groupLabel(group.label, properties, trans)
    );
    const groupName = escapePlotlyText(
      legend(groupLabel(group.label, properties, trans))
    );
    const groupLine =
      groupPrefix === null ? '' : `<br>${groupPrefix}${fullGroupName}`;
    group.items.forEach((curve, curveIndex) => {
      const mode =
        properties.chartType === 'scatter'
          ? 'markers'
          : curve.x.length <= MARKED_POINTS_MAX
            ? 'lines+markers'
            : 'lines';
      const label = escapePlotlyText(curve.label);
      const legendName = escapePlotlyText(legend(curve.label));
      const common = {
        type: 'scatter' as const,
        mode: mode as 'markers' | 'lines' | 'lines+markers',
        x: curve.x,
        connectgaps: false,
        legendgroup: group.key,
        marker: { color, size: 4 },
        line: { color, width: 1.5 }
      };
      if (smoothed) {
        // The raw values stay visible behind the average, as in TensorBoard.
        traces.push({
          ...common,
          y: curve.raw,
          name: legendName,
          opacity: 0.25,
          hoverinfo: 'skip',
          showlegend: false
        });
      }
      const hovertext = curve.y.map((value, index) => {
        // Axis texts are digits or times, which need no escaping.
        let text = `${label}${groupLine}<br>${xPrefix}${timeAxisText(
          curve.x[index],
          properties
        )}<br>${metricPrefix}${formatNumber(value)}`;
        if (smoothed) {
          text += `<br>${rawPrefix}${formatNumber(curve.raw[index])}`;
        }
        if (properties.xAxis !== 'step' && curve.steps[index] !== null) {
          text += `<br>${stepPrefix}${curve.steps[index]}`;
        }
        return text;
      });
      traces.push({
        ...common,
        y: curve.y,
        name:
          byComponent || properties.color === 'none' ? legendName : groupName,
        showlegend:
          byComponent || (properties.color !== 'none' && curveIndex === 0),
        hovertext,
        hovertemplate: '%{hovertext}<extra></extra>'
      });
    });
  });

  const logX = properties.logX && properties.xAxis !== 'wallTime';
  let xType: 'date' | 'log' | 'linear' = logX ? 'log' : 'linear';
  if (properties.xAxis === 'wallTime') {
    xType = 'date';
  }
  // A zoomed chart has only the points in and next to its range, so the
  // ranges are set here, because plotly's automatic ranges would fit those.
  const zoom = (range: PlotRange | null): Partial<LayoutAxis> =>
    range ? { range: [...range], autorange: false } : {};
  return {
    data: traces,
    layout: {
      showlegend: properties.color !== 'none',
      xaxis: {
        title: { text: escapePlotlyText(xTitle) },
        type: xType,
        ...zoom(ranges.x)
      },
      yaxis: {
        title: { text: escapePlotlyText(properties.metric) },
        type: properties.logY ? 'log' : 'linear',
        ...zoom(ranges.y)
      }
    }
  };
}

/**
 * Return the legend text of a colour group, naming missing values.
 */
function groupLabel(
  label: string | null,
  properties: IChartProperties,
  trans: TranslationBundle
): string {
  if (label !== null) {
    return label;
  }
  switch (properties.color) {
    case 'none':
      return properties.dataType === 'summary'
        ? columnTitle(properties.y, trans)
        : properties.metric;
    case 'trial':
      return trans.__('No trial');
    default:
      return trans.__('No value');
  }
}

/**
 * Return the translated title of a time series x axis.
 */
export function timeAxisTitle(
  properties: IChartProperties,
  trans: TranslationBundle
): string {
  switch (properties.xAxis) {
    case 'step':
      return trans.__('Step');
    case 'wallTime':
      return trans.__('Wall time (local)');
    case 'relativeTime':
      return trans.__('Relative time (s)');
  }
}

function timeAxisText(
  value: number | string | null,
  properties: IChartProperties
): string {
  if (value === null) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  return properties.xAxis === 'relativeTime'
    ? formatNumber(value)
    : String(value);
}

/**
 * Properties of `ChartView`.
 */
export interface IChartViewProps {
  /** The chart's data, or `null` while nothing is loaded. */
  input: ChartInput | null;
  /** Changes whenever the theme changes, so that the colours are read again. */
  themeVersion: number;
  /** Accessible name of the chart. */
  label: string;
  /** Text shown over the plot when there is nothing to draw. */
  emptyMessage?: string;
  /** Called on plotly's `plotly_relayout` events, such as zooms. */
  onRelayout?: RelayoutHandler;
  trans: TranslationBundle;
}

/**
 * A listener of plotly's `plotly_relayout` event. It also receives the x
 * axis of the layout after the event, since an event that moves one end
 * of a range leaves out the other.
 */
export type RelayoutHandler = (
  event: PlotRelayoutEvent,
  xaxis: IPlotAxis | undefined,
  yaxis: IPlotAxis | undefined
) => void;

/**
 * Render a plotly chart that follows the JupyterLab theme and the size of
 * its container. Plotly's mode bar stays on, with downloads as PNG and SVG.
 */
export function ChartView(props: IChartViewProps): JSX.Element {
  const { input, themeVersion, trans } = props;
  // The theme's colours are read again whenever the theme changes.
  const figure = useMemo(
    () => (input ? buildFigure(input, readChartTheme(), trans) : null),
    [input, themeVersion, trans]
  );
  return (
    <FigureView
      figure={figure}
      label={props.label}
      emptyMessage={props.emptyMessage}
      onRelayout={props.onRelayout}
      trans={trans}
    />
  );
}

/**
 * Properties of `FigureView`.
 */
export interface IFigureViewProps {
  /** The figure, or `null` while nothing is loaded. */
  figure: IChartFigure | null;
  /** Accessible name of the plot. */
  label: string;
  /** Text shown over the plot when there is nothing to draw. */
  emptyMessage?: string;
  /** Called on plotly's `plotly_relayout` events, such as zooms. */
  onRelayout?: RelayoutHandler;
  trans: TranslationBundle;
}

/**
 * Render a prepared plotly figure that follows the size of its container,
 * with the mode bar of `ChartView`.
 */
export function FigureView(props: IFigureViewProps): JSX.Element {
  const { figure, trans } = props;
  const plotRef = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  // Plotly keeps its listeners while the plot lives, so one listener is
  // added, and it calls the latest handler.
  const relayoutRef = useRef(props.onRelayout);
  relayoutRef.current = props.onRelayout;
  const listenedRef = useRef<PlotlyHTMLElement | null>(null);
  const figureRef = useRef(figure);
  figureRef.current = figure;

  useEffect(() => {
    const node = plotRef.current;
    if (!node || !figure) {
      return;
    }
    let cancelled = false;
    Promise.all([loadPlotly(), dragEnded(node)])
      .then(([Plotly]) => {
        if (cancelled) {
          return;
        }
        setError(null);
        return Plotly.react(
          node,
          figure.data,
          placeLegend(figure, node.clientWidth),
          chartConfig(Plotly, trans)
        );
      })
      .then(graph => {
        if (graph && listenedRef.current !== graph) {
          listenedRef.current = graph;
          graph.on('plotly_relayout', event =>
            relayoutRef.current?.(
              event,
              graph.layout?.xaxis,
              graph.layout?.yaxis
            )
          );
        }
      })
      .catch((reason: unknown) => {
        if (!cancelled) {
          setError(reason instanceof Error ? reason.message : String(reason));
        }
      });
    return () => {
      cancelled = true;
    };
  }, [figure, trans]);

  usePlotLifecycle(plotRef, figureRef);

  return (
    <div className="jp-ExperimentsChart-view">
      <div
        ref={plotRef}
        className="jp-ExperimentsChart-plot"
        role="figure"
        aria-label={props.label}
      />
      {error !== null && (
        <div className="jp-ExperimentsChart-message" role="alert">
          {trans.__('The chart could not be drawn: %1', error)}
        </div>
      )}
      {error === null && props.emptyMessage && (
        <div className="jp-ExperimentsChart-message">{props.emptyMessage}</div>
      )}
    </div>
  );
}

/**
 * Return plotly's configuration: no logo, no "Share chart" button, and an
 * SVG download next to the PNG one.
 */
export function chartConfig(
  Plotly: PlotlyModule,
  trans: TranslationBundle
): Partial<Config> {
  const filename = 'trial-component-chart';
  return {
    displaylogo: false,
    // Plotly.js 4 shows a button by default that uploads the chart's data
    // to cloud.plotly.com. Data stays on the user's machine.
    showSendToCloud: false,
    responsive: false,
    toImageButtonOptions: { format: 'png', filename },
    modeBarButtonsToAdd: [
      {
        name: 'downloadSvg',
        title: trans.__('Download plot as SVG'),
        icon: Plotly.Icons.disk,
        click: graph => {
          void Plotly.downloadImage(graph, { format: 'svg', filename });
        }
      }
    ]
  };
}
