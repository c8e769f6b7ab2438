import type { Layout } from 'plotly.js-dist-min';
import type { IChartFigure } from './ChartView';

/*
 * Legends of the chart tab. Plotly gives a legend on the right the width
 * of its longest entry, so long names are shortened, and a legend that
 * would still squeeze the plot goes under it.
 */

/** Largest share of the plot's width that a legend on the right may take. */
const LEGEND_WIDTH_SHARE = 0.25;

/** Average width of a character in a legend, as a share of the font size. */
const AVERAGE_CHARACTER_WIDTH = 0.6;

/** Width in pixels of a legend entry's symbol and gaps. */
const LEGEND_SYMBOL_WIDTH = 60;

/** Font size that plotly uses when the layout sets none. */
const DEFAULT_FONT_SIZE = 12;

/** Characters kept on each side of where alike legend entries differ. */
const LEGEND_CONTEXT = 8;

/** Maximum length of a legend entry, in characters; see `legendText`. */
const LEGEND_TEXT_MAX = 40;

/**
 * Shorten a legend entry to `LEGEND_TEXT_MAX` characters by cutting out
 * its middle, where related names (trials of one experiment, say) are
 * most alike. Plotly gives the legend the width of its longest entry, so a
 * long one would squeeze the plot. Hover text keeps the whole name.
 */
export function legendText(text: string): string {
  const characters = Array.from(text);
  if (characters.length <= LEGEND_TEXT_MAX) {
    return text;
  }
  // One character goes to the ellipsis.
  const remaining = LEGEND_TEXT_MAX - 1;
  const head = Math.ceil(remaining / 2);
  return (
    characters.slice(0, head).join('') +
    '…' +
    characters.slice(characters.length - (remaining - head)).join('')
  );
}

/**
 * Return a function that gives the legend text of each of `labels`: the
 * label shortened by `legendText`. Labels that would shorten to the same
 * text show the part where they differ instead, with some context.
 */
export function legendTexts(
  labels: readonly string[]
): (label: string) => string {
  const short = new Map<string, string>();
  const alike = new Map<string, string[]>();
  for (const label of new Set(labels)) {
    const text = legendText(label);
    short.set(label, text);
    alike.set(text, [...(alike.get(text) ?? []), label]);
  }
  for (const group of alike.values()) {
    if (group.length > 1) {
      for (const [label, text] of differingParts(group)) {
        short.set(label, text);
      }
    }
  }
  return label => short.get(label) ?? legendText(label);
}

/**
 * Return the part of each label where the labels differ, with a few
 * characters around it and an ellipsis for what is cut off.
 */
function differingParts(labels: readonly string[]): Map<string, string> {
  const split = labels.map(label => Array.from(label));
  const shortest = Math.min(...split.map(characters => characters.length));
  let prefix = 0;
  while (
    prefix < shortest &&
    split.every(characters => characters[prefix] === split[0][prefix])
  ) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    split.every(
      characters =>
        characters[characters.length - 1 - suffix] ===
        split[0][split[0].length - 1 - suffix]
    )
  ) {
    suffix++;
  }

  const parts = new Map<string, string>();
  split.forEach((characters, index) => {
    const begin = Math.max(0, prefix - LEGEND_CONTEXT);
    const end = characters.length - Math.max(0, suffix - LEGEND_CONTEXT);
    const middle = characters.slice(begin, end).join('');
    const text =
      (begin > 0 ? '…' : '') +
      legendText(middle) +
      (end < characters.length ? '…' : '');
    parts.set(labels[index], text);
  });
  return parts;
}

/**
 * Return the layout with the legend under the plot when, at its usual
 * place on the right, it would take more than `LEGEND_WIDTH_SHARE` of the
 * plot's width. The width of an entry is estimated from its length.
 */
export function placeLegend(
  figure: IChartFigure,
  width: number
): Partial<Layout> {
  const { layout } = figure;
  if (layout.showlegend !== true || !(width > 0)) {
    return layout;
  }
  const fontSize = layout.font?.size ?? DEFAULT_FONT_SIZE;
  let longest = 0;
  for (const trace of figure.data) {
    const inLegend = (trace as { showlegend?: boolean }).showlegend !== false;
    const name = (trace as { name?: string }).name ?? '';
    if (inLegend) {
      longest = Math.max(longest, Array.from(name).length);
    }
  }
  const estimate =
    longest * fontSize * AVERAGE_CHARACTER_WIDTH + LEGEND_SYMBOL_WIDTH;
  if (estimate <= width * LEGEND_WIDTH_SHARE) {
    return layout;
  }
  return {
    ...layout,
    legend: {
      ...layout.legend,
      orientation: 'h',
      x: 0,
      xanchor: 'left',
      y: 0,
      yanchor: 'bottom',
      yref: 'container'
    }
  };
}
