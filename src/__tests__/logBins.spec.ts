import { countLogBins, logBinEdges } from '../model/logBins';

describe('logBins', () => {
  describe('logBinEdges()', () => {
    it('should cover every positive value with round decade fractions', () => {
      const values = [2, 5, 10, 20, 32];
      const edges = logBinEdges(values);
      expect(edges[0]).toBeLessThanOrEqual(2);
      expect(edges[edges.length - 1]).toBeGreaterThan(32);
      // Equal widths in log space.
      const widths = edges
        .slice(1)
        .map((edge, index) => Math.log10(edge) - Math.log10(edges[index]));
      for (const width of widths) {
        expect(width).toBeCloseTo(widths[0], 10);
      }
      const bins = countLogBins(values, edges);
      expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
    });

    it('should put a value on an edge into the bin that starts there', () => {
      const values = [1, 10, 100, 1000];
      const edges = logBinEdges(values);
      const bins = countLogBins(values, edges);
      for (const value of values) {
        const bin = bins.find(item => item.start === value);
        expect(bin?.count).toBe(1);
      }
      expect(edges[edges.length - 1]).toBeGreaterThan(1000);
    });

    it('should give one bin to equal values', () => {
      const bins = countLogBins([3, 3, 3], logBinEdges([3, 3, 3]));
      expect(bins.filter(bin => bin.count > 0)).toHaveLength(1);
      expect(bins.find(bin => bin.count > 0)?.count).toBe(3);
    });

    it('should ignore values that a log axis cannot show', () => {
      expect(logBinEdges([0, -1, Number.NaN])).toEqual([]);
      const edges = logBinEdges([0, -1, 4, 8]);
      const bins = countLogBins([0, -1, 4, 8], edges);
      expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(2);
    });

    it('should keep the number of bins bounded', () => {
      const values = Array.from({ length: 100_000 }, (_, index) => index + 1);
      const edges = logBinEdges(values);
      expect(edges.length - 1).toBeLessThanOrEqual(51);
      expect(edges.length - 1).toBeGreaterThan(10);
    });

    it('should keep edges within the range of floats', () => {
      const values = [Number.MIN_VALUE, 1e-300, 1, 1e300, 1e304];
      const edges = logBinEdges(values);
      expect(edges[0]).toBeGreaterThan(0);
      expect(edges[edges.length - 1]).toBe(1e304);
      for (const edge of edges) {
        expect(Number.isFinite(edge)).toBe(true);
      }
      const bins = countLogBins(values, edges);
      expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
    });
  });
});
