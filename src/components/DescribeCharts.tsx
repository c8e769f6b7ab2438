import type { TranslationBundle } from '@jupyterlab/translation';
import { caretDownIcon, caretRightIcon } from '@jupyterlab/ui-components';
import React, { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { pointBudget } from '../model/pointBudget';
import type {
  DescribeChartsModel,
  IArtifactChartEntry,
  IMetricChartEntry
} from '../model/describeCharts';
import { artifactFigure, chartKindTitle } from './artifactFigures';
import {
  type ChartInput,
  ChartView,
  FigureView,
  readChartTheme
} from './ChartView';

/**
 * Properties of `DescribeCharts`.
 */
export interface IDescribeChartsProps {
  /** Id of the section heading, unique in the page. */
  id: string;
  model: DescribeChartsModel;
  trans: TranslationBundle;
}

/**
 * Render the Charts section of the describe view: the series of each
 * metric over steps and the confusion matrices, ROC curves and
 * precision-recall curves logged as artifacts.
 *
 * The section can be collapsed. Each chart is loaded when it first
 * scrolls into sight, and plotly itself only when the first chart is
 * drawn.
 */
export function DescribeCharts(props: IDescribeChartsProps): JSX.Element {
  const { id, model, trans } = props;
  const [expanded, setExpanded] = useState(true);
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const themeVersion = useThemeVersion();

  useEffect(() => {
    const onChanged = () => rerender();
    model.changed.connect(onChanged);
    return () => {
      model.changed.disconnect(onChanged);
    };
  }, [model]);

  const bodyId = `${id}-body`;
  const metrics = model.metrics;
  const artifacts = model.artifacts.filter(entry => !entry.skipped);
  return (
    <section
      className="jp-ExperimentsDescribe-section jp-ExperimentsDescribeCharts"
      aria-labelledby={id}
    >
      <h2 id={id} className="jp-ExperimentsDescribe-sectionTitle">
        <button
          type="button"
          className="jp-ExperimentsDescribeCharts-toggle"
          aria-expanded={expanded}
          aria-controls={bodyId}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? (
            <caretDownIcon.react tag="span" elementSize="small" />
          ) : (
            <caretRightIcon.react tag="span" elementSize="small" />
          )}
          {trans.__('Charts')}
        </button>
      </h2>
      {expanded && (
        <div id={bodyId}>
          {metrics.length === 0 && artifacts.length === 0 && (
            <p className="jp-ExperimentsDescribe-empty">
              {trans.__('No metrics or charts were logged.')}
            </p>
          )}
          {metrics.length > 0 && (
            <>
              <h3 className="jp-ExperimentsDescribe-subheading">
                {trans.__('Metrics by step')}
              </h3>
              <div className="jp-ExperimentsDescribeCharts-grid">
                {metrics.map(entry => (
                  <MetricChartCard
                    key={entry.metric}
                    entry={entry}
                    model={model}
                    themeVersion={themeVersion}
                    trans={trans}
                  />
                ))}
              </div>
            </>
          )}
          {artifacts.length > 0 && (
            <>
              <h3 className="jp-ExperimentsDescribe-subheading">
                {trans.__('Logged charts')}
              </h3>
              <div className="jp-ExperimentsDescribeCharts-grid">
                {artifacts.map(entry => (
                  <ArtifactChartCard
                    key={entry.artifact.key}
                    entry={entry}
                    model={model}
                    themeVersion={themeVersion}
                    trans={trans}
                  />
                ))}
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/**
 * Properties shared by the chart cards.
 */
interface ICardProps<T> {
  entry: T;
  model: DescribeChartsModel;
  /** Changes whenever the theme changes, so that plots are redrawn. */
  themeVersion: number;
  trans: TranslationBundle;
}

/**
 * Render the line chart of one metric over steps, drawn by `ChartView`.
 */
function MetricChartCard(props: ICardProps<IMetricChartEntry>): JSX.Element {
  const { entry, model, themeVersion, trans } = props;
  const cardRef = useRef<HTMLDivElement>(null);
  const seen = useSeen(cardRef);

  useEffect(() => {
    if (seen) {
      model.requestMetric(
        entry.metric,
        pointBudget(cardRef.current?.clientWidth ?? 0)
      );
    }
  }, [seen, model, entry.metric]);

  const input = useMemo<ChartInput | null>(
    () =>
      entry.data
        ? {
            dataType: 'timeSeries',
            data: entry.data,
            properties: entry.properties
          }
        : null,
    [entry.data, entry.properties]
  );

  const curve = entry.data?.groups[0]?.items[0] ?? null;
  let message: string | undefined;
  if (entry.error) {
    message = trans.__(
      'The points of metric %1 could not be loaded: %2',
      entry.metric,
      entry.error.message
    );
  } else if (!entry.data) {
    message = trans.__('Loading…');
  } else if (!curve || curve.x.length === 0) {
    message = trans.__('Metric %1 has no points to draw.', entry.metric);
  }
  return (
    <div className="jp-ExperimentsDescribeCharts-card" ref={cardRef}>
      <div className="jp-ExperimentsDescribeCharts-cardTitle">
        <span className="jp-ExperimentsDescribeCharts-cardName">
          {entry.metric}
        </span>
        {curve?.downsampled && curve.pointCount !== null && (
          <span className="jp-ExperimentsDescribeCharts-cardNote">
            {trans.__(
              '%1 of %2 points',
              curve.x.length.toLocaleString(),
              curve.pointCount.toLocaleString()
            )}
          </span>
        )}
      </div>
      <div className="jp-ExperimentsDescribeCharts-plot">
        <ChartView
          input={entry.error && !entry.data ? null : input}
          themeVersion={themeVersion}
          label={trans.__('Metric %1 by step', entry.metric)}
          emptyMessage={message}
          trans={trans}
        />
      </div>
    </div>
  );
}

/**
 * Render a confusion matrix, ROC curve or precision-recall curve logged
 * as an artifact.
 */
function ArtifactChartCard(
  props: ICardProps<IArtifactChartEntry>
): JSX.Element {
  const { entry, model, themeVersion, trans } = props;
  const cardRef = useRef<HTMLDivElement>(null);
  const seen = useSeen(cardRef);
  const { artifact, chart } = entry;

  useEffect(() => {
    if (seen) {
      model.requestArtifact(artifact.key);
    }
  }, [seen, model, artifact.key]);

  const figure = useMemo(
    () =>
      chart
        ? artifactFigure(chart, artifact.name, readChartTheme(), trans)
        : null,
    // themeVersion is not read, but a new theme needs new colours.
    [chart, artifact.name, themeVersion, trans]
  );

  let message: string | undefined;
  if (entry.error) {
    message = trans.__(
      'The chart of artifact %1 could not be loaded: %2',
      artifact.name,
      entry.error.message
    );
  } else if (!chart) {
    message = trans.__('Loading…');
  }
  const kind = chart ? chartKindTitle(chart, trans) : null;
  return (
    <div className="jp-ExperimentsDescribeCharts-card" ref={cardRef}>
      <div className="jp-ExperimentsDescribeCharts-cardTitle">
        <span className="jp-ExperimentsDescribeCharts-cardName">
          {kind ?? artifact.name}
        </span>
        <span className="jp-ExperimentsDescribeCharts-cardNote">
          {artifact.direction === 'input'
            ? trans.__('Input artifact')
            : trans.__('Output artifact')}
        </span>
      </div>
      <div className="jp-ExperimentsDescribeCharts-plot">
        <FigureView
          figure={entry.error ? null : figure}
          label={
            kind
              ? trans.__('%1: %2', kind, artifact.name)
              : trans.__('Chart %1', artifact.name)
          }
          emptyMessage={message}
          trans={trans}
        />
      </div>
    </div>
  );
}

/**
 * Tell whether an element has been in sight, so that its chart is loaded
 * only once someone scrolls to it. Without `IntersectionObserver`, as in
 * tests, every element counts as seen.
 */
function useSeen(ref: React.RefObject<Element>): boolean {
  const [seen, setSeen] = useState(
    () => typeof IntersectionObserver === 'undefined'
  );
  useEffect(() => {
    const node = ref.current;
    if (seen || !node) {
      return;
    }
    const observer = new IntersectionObserver(entries => {
      if (entries.some(item => item.isIntersecting)) {
        setSeen(true);
      }
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [ref, seen]);
  return seen;
}

/**
 * Return a number that grows whenever JupyterLab switches its theme,
 * which it records in attributes of the page's body.
 */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (typeof MutationObserver === 'undefined') {
      return;
    }
    const observer = new MutationObserver(() => setVersion(value => value + 1));
    observer.observe(document.body, {
      attributes: true,
      attributeFilter: ['data-jp-theme-name', 'data-jp-theme-light']
    });
    return () => observer.disconnect();
  }, []);
  return version;
}
