/**
 * Bins of equal width in log10 space, for histograms on a log x axis.
 *
 * Plotly bins a histogram in data units, which on a log axis gives an
 * empty plot or a single bar, so a log histogram is counted here and drawn
 * as bars between the bin edges.
 */

/** Bin widths in decades, from which the narrowest that fits is chosen. */
const DECADE_STEPS = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100];

/** Most bins a log histogram gets, however many values it counts. */
const MAX_BINS = 50;

/**
 * Largest bin edge. Plotly computes a bar's middle and sides from its
 * edges, which must stay within its range of safe arithmetic.
 */
const MAX_EDGE = 1e304;

/**
 * One bin: values from `start` (included) to `end` (excluded).
 */
export interface ILogBin {
  start: number;
  end: number;
  count: number;
}

/**
 * Return the edges of log bins for the positive finite values. There are
 * about one bin more than log2 of their number (Sturges' rule), and at
 * least one. The edges lie on multiples of a round fraction of a decade,
 * so bins line up with the axis ticks. Without such values the list is
 * empty.
 */
export function logBinEdges(values: readonly number[]): number[] {
  const positive = values.filter(value => Number.isFinite(value) && value > 0);
  if (positive.length === 0) {
    return [];
  }
  const smallest = Math.min(...positive);
  const largest = Math.max(...positive);
  const target = Math.min(MAX_BINS, Math.ceil(Math.log2(positive.length)) + 1);
  const targetWidth = (Math.log10(largest) - Math.log10(smallest)) / target;
  const step =
    DECADE_STEPS.find(candidate => candidate >= targetWidth) ??
    DECADE_STEPS[DECADE_STEPS.length - 1];

  // The first edge lies at or below the smallest value and the last above
  // the largest, checked on the values themselves because the logarithms
  // are rounded.
  const edge = (index: number) => 10 ** (index * step);
  let first = Math.floor(Math.log10(smallest) / step);
  while (edge(first) > smallest) {
    first--;
  }
  let last = Math.floor(Math.log10(largest) / step) + 1;
  while (edge(last) <= largest) {
    last++;
  }
  const edges: number[] = [];
  for (let index = first; index <= last; index++) {
    edges.push(edge(index));
  }
  // Edges beyond the range of floats, for values near its ends, give way
  // to the values themselves, and the last bin then includes its end.
  if (!(edges[0] > 0)) {
    edges[0] = smallest;
  }
  if (!(edges[edges.length - 1] <= MAX_EDGE)) {
    edges[edges.length - 1] = largest;
  }
  return edges;
}

/**
 * Count values into the bins between consecutive edges. Each bin excludes
 * its end except the last, so a value on the last edge is counted. Values
 * outside the edges, or not positive, are not counted.
 */
export function countLogBins(
  values: readonly number[],
  edges: readonly number[]
): ILogBin[] {
  const bins: ILogBin[] = [];
  for (let index = 0; index + 1 < edges.length; index++) {
    bins.push({ start: edges[index], end: edges[index + 1], count: 0 });
  }
  for (const value of values) {
    // Few bins, so a linear search is fast enough and stays exact at the
    // edges, where a computed logarithm could round to the wrong side.
    const bin = bins.find(
      (item, index) =>
        value >= item.start &&
        (value < item.end || (index === bins.length - 1 && value === item.end))
    );
    if (bin) {
      bin.count++;
    }
  }
  return bins;
}
