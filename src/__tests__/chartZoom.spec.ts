import type { IMetricSeries } from '../api/types';
import {
  DEFAULT_CHART_PROPERTIES,
  type IChartProperties,
  updateChartProperties
} from '../model/chart';
import {
  type IZoomRange,
  type IZoomTicket,
  plotDateToMs,
  requestRange,
  viewRevision,
  yRangeChange,
  zoomAction,
  ZoomController,
  zoomRequests
} from '../model/chartZoom';
import { localTimeText, parseLocalTimeText } from '../model/localTime';

function props(changes: Partial<IChartProperties> = {}): IChartProperties {
  return updateChartProperties(DEFAULT_CHART_PROPERTIES, {
    dataType: 'timeSeries',
    metric: 'loss',
    ...changes
  });
}

function range(min: number, max: number): IZoomRange {
  return { plot: [min, max], min, max };
}

function series(
  downsampled: boolean,
  timestamps: (string | null)[]
): IMetricSeries {
  return {
    metric_name: 'loss',
    points: timestamps.map((timestamp, step) => ({
      step,
      timestamp,
      value: 1
    })),
    downsampled,
    point_count: downsampled ? 10000 : timestamps.length
  };
}

describe('model/chartZoom', () => {
  describe('zoomAction()', () => {
    it('should read a zoom of both ends', () => {
      const action = zoomAction(
        { 'xaxis.range[0]': 55000, 'xaxis.range[1]': 56000 },
        undefined,
        props()
      );
      expect(action).toEqual({ kind: 'zoom', range: range(55000, 56000) });
    });

    it('should read a range given as an array', () => {
      const action = zoomAction(
        { 'xaxis.range': [10, 20] },
        undefined,
        props()
      );
      expect(action).toEqual({ kind: 'zoom', range: range(10, 20) });
    });

    it('should take the end an event leaves out from the axis', () => {
      const action = zoomAction(
        { 'xaxis.range[1]': 30 },
        { range: [5, 25] },
        props()
      );
      expect(action).toEqual({ kind: 'zoom', range: range(5, 30) });
    });

    it('should order reversed ends', () => {
      const action = zoomAction(
        { 'xaxis.range': [20, 10] },
        undefined,
        props()
      );
      expect(action).toEqual({
        kind: 'zoom',
        range: { plot: [20, 10], min: 10, max: 20 }
      });
    });

    it('should reset on autorange', () => {
      const event = { 'xaxis.autorange': true, 'yaxis.autorange': true };
      expect(zoomAction(event, undefined, props())).toEqual({ kind: 'reset' });
      expect(
        zoomAction({ xaxis: { autorange: true } }, undefined, props())
      ).toEqual({ kind: 'reset' });
    });

    it('should ignore events that leave the x range alone', () => {
      const yOnly = { 'yaxis.range[0]': 0, 'yaxis.range[1]': 5 };
      expect(zoomAction(yOnly, { range: [0, 10] }, props())).toBeNull();
      expect(zoomAction({ autosize: true }, undefined, props())).toBeNull();
      expect(zoomAction({ 'yaxis.autorange': true }, undefined, props())).toBe(
        null
      );
    });

    it('should ignore ends that are not numbers', () => {
      const event = { 'xaxis.range': ['a', 20] };
      expect(zoomAction(event, undefined, props())).toBeNull();
      const oneEnd = { 'xaxis.range[0]': 3 };
      expect(zoomAction(oneEnd, undefined, props())).toBeNull();
    });

    it('should undo the logarithm of a log x axis', () => {
      const action = zoomAction(
        { 'xaxis.range': [1, 3] },
        undefined,
        props({ logX: true })
      );
      expect(action).toEqual({
        kind: 'zoom',
        range: { plot: [1, 3], min: 10, max: 1000 }
      });
    });

    it('should read wall times as local times', () => {
      const start = new Date(2026, 11, 3, 12, 0, 5, 250).getTime();
      const end = new Date(2026, 11, 3, 12, 30).getTime();
      const plot: [string, string] = [
        '2026-12-03 12:00:05.25',
        '2026-12-03 12:30'
      ];
      const action = zoomAction(
        { 'xaxis.range[0]': plot[0], 'xaxis.range[1]': plot[1] },
        undefined,
        props({ xAxis: 'wallTime', logX: true })
      );
      expect(action).toEqual({
        kind: 'zoom',
        range: { plot, min: start, max: end }
      });
    });
  });

  describe('plotDateToMs()', () => {
    it('should invert the wall time text of the chart', () => {
      const ms = Date.parse('2026-12-01T09:00:00.250Z');
      expect(plotDateToMs(localTimeText(ms))).toBe(ms);
    });

    it('should read plotly numbers as clock times', () => {
      const clock = Date.UTC(2026, 11, 3, 12, 0, 5, 250);
      const local = new Date(2026, 11, 3, 12, 0, 5, 250).getTime();
      expect(plotDateToMs(clock)).toBe(local);
      expect(plotDateToMs(clock + 0.5)).toBe(local + 0.5);
    });

    it('should reject what is not a time', () => {
      expect(plotDateToMs('yesterday')).toBeNull();
      expect(plotDateToMs(Infinity)).toBeNull();
      expect(plotDateToMs(1e17)).toBeNull();
    });
  });

  describe('requestRange()', () => {
    it('should send steps as they are', () => {
      expect(requestRange(range(10, 20), 'step', null)).toEqual({
        xMin: 10,
        xMax: 20
      });
    });

    it('should send wall times in seconds', () => {
      expect(requestRange(range(1500, 4000), 'wallTime', null)).toEqual({
        xMin: 1.5,
        xMax: 4
      });
    });

    it('should place relative times after the origin', () => {
      const origin = Date.parse('2026-12-01T09:00:00Z');
      expect(requestRange(range(10, 20.5), 'relativeTime', origin)).toEqual({
        xMin: origin / 1000 + 10,
        xMax: origin / 1000 + 20.5
      });
      expect(requestRange(range(10, 20), 'relativeTime', null)).toBeNull();
    });
  });

  describe('zoomRequests()', () => {
    it('should ask only for the downsampled series', () => {
      const whole = new Map([
        ['long', series(true, [null, null])],
        ['short', series(false, [null, null])]
      ]);
      expect(zoomRequests(range(3, 7), whole, 'step')).toEqual([
        { name: 'long', xMin: 3, xMax: 7 }
      ]);
    });

    it('should count relative times from each whole series', () => {
      const whole = new Map([
        ['a', series(true, ['2026-12-01T09:00:05Z', '2026-12-01T09:00:00Z'])],
        ['b', series(true, ['2026-12-01T10:00:00Z'])],
        ['untimed', series(true, [null])]
      ]);
      const a = Date.parse('2026-12-01T09:00:00Z') / 1000;
      const b = Date.parse('2026-12-01T10:00:00Z') / 1000;
      expect(zoomRequests(range(1, 2), whole, 'relativeTime')).toEqual([
        { name: 'a', xMin: a + 1, xMax: a + 2 },
        { name: 'b', xMin: b + 1, xMax: b + 2 }
      ]);
    });
  });

  describe('viewRevision()', () => {
    it('should change with the axes only', () => {
      const base = viewRevision(props());
      expect(viewRevision(props({ smoothing: 0.5, color: 'trial' }))).toBe(
        base
      );
      expect(viewRevision(props({ xAxis: 'wallTime' }))).not.toBe(base);
      expect(viewRevision(props({ logY: true }))).not.toBe(base);
      expect(viewRevision(props({ metric: 'acc' }))).not.toBe(base);
    });
  });

  describe('ZoomController', () => {
    let settled: IZoomTicket[];
    let controller: ZoomController;

    beforeEach(() => {
      jest.useFakeTimers();
      settled = [];
      controller = new ZoomController({
        onSettle: ticket => settled.push(ticket),
        delay: 150
      });
    });

    afterEach(() => {
      controller.dispose();
      jest.useRealTimers();
    });

    it('should settle once after rapid zooms', () => {
      controller.zoom(range(0, 10));
      jest.advanceTimersByTime(100);
      controller.zoom(range(0, 5));
      jest.advanceTimersByTime(100);
      controller.zoom(range(1, 4));
      expect(controller.range).toEqual(range(1, 4));
      jest.advanceTimersByTime(149);
      expect(settled).toHaveLength(0);
      jest.advanceTimersByTime(1);
      expect(settled.map(ticket => ticket.range)).toEqual([range(1, 4)]);
      expect(settled[0].current()).toBe(true);
    });

    it('should make a running load stale on a later zoom', () => {
      controller.zoom(range(0, 10));
      jest.advanceTimersByTime(150);
      const first = settled[0];
      controller.zoom(range(2, 3));
      expect(first.current()).toBe(false);
      jest.advanceTimersByTime(150);
      expect(settled[1].current()).toBe(true);
    });

    it('should make a running load stale on a later load', () => {
      controller.zoom(range(0, 10));
      const reload = controller.start();
      jest.advanceTimersByTime(150);
      expect(reload?.current()).toBe(false);
      expect(settled[0].current()).toBe(true);
      const again = controller.start();
      expect(settled[0].current()).toBe(false);
      expect(again?.range).toEqual(range(0, 10));
    });

    it('should drop waiting and running loads on reset', () => {
      controller.zoom(range(0, 10));
      const running = controller.start();
      controller.reset();
      jest.advanceTimersByTime(1000);
      expect(settled).toHaveLength(0);
      expect(running?.current()).toBe(false);
      expect(controller.range).toBeNull();
      expect(controller.start()).toBeNull();
    });
  });
});

describe('model/localTime', () => {
  describe('parseLocalTimeText()', () => {
    it('should read the forms plotly writes', () => {
      expect(parseLocalTimeText('2026-12-03')).toBe(
        new Date(2026, 11, 3).getTime()
      );
      expect(parseLocalTimeText('2026-12-03 07')).toBe(
        new Date(2026, 11, 3, 7).getTime()
      );
      expect(parseLocalTimeText('2026-12-03 07:08')).toBe(
        new Date(2026, 11, 3, 7, 8).getTime()
      );
      expect(parseLocalTimeText('2026-12-03 07:08:09.1234')).toBeCloseTo(
        new Date(2026, 11, 3, 7, 8, 9, 123).getTime() + 0.4,
        6
      );
    });

    it('should reject invalid dates', () => {
      expect(parseLocalTimeText('2026-02-30')).toBeNull();
      expect(parseLocalTimeText('2026-12-03 24:00')).toBeNull();
      expect(parseLocalTimeText('2026-12-03T07:08Z')).toBeNull();
      expect(parseLocalTimeText('')).toBeNull();
    });

    it('should keep years before 100', () => {
      const date = new Date(2000, 0, 1);
      date.setFullYear(50, 0, 1);
      expect(parseLocalTimeText('0050-01-01')).toBe(date.getTime());
    });
  });

  describe('round trip', () => {
    it('should give back every time of a year', () => {
      // Every half hour of 2026 in the local time zone, whichever it is.
      // Where daylight saving time ends, an hour of clock times repeats and
      // the earlier instant comes back, with the same text.
      const start = Date.UTC(2026, 0, 1);
      for (let ms = start; ms < start + 365 * 86400000; ms += 1800000) {
        const text = localTimeText(ms + 250);
        const parsed = parseLocalTimeText(text);
        expect(parsed).not.toBeNull();
        expect(parsed!).toBeLessThanOrEqual(ms + 250);
        expect(localTimeText(parsed!)).toBe(text);
      }
    });
  });

  describe('yRangeChange()', () => {
    it('should read the y range of a box zoom', () => {
      const event = {
        'xaxis.range[0]': 1,
        'xaxis.range[1]': 2,
        'yaxis.range[0]': -0.5,
        'yaxis.range[1]': 3
      };
      expect(yRangeChange(event, undefined)).toEqual([-0.5, 3]);
    });

    it('should take the other end from the axis when one end moves', () => {
      expect(yRangeChange({ 'yaxis.range[1]': 9 }, { range: [1, 4] })).toEqual([
        1, 9
      ]);
      expect(yRangeChange({ yaxis: { range: [2, 5] } }, undefined)).toEqual([
        2, 5
      ]);
    });

    it('should tell a return to the automatic range', () => {
      expect(yRangeChange({ 'yaxis.autorange': true }, undefined)).toBe('auto');
      expect(
        yRangeChange(
          { 'xaxis.autorange': true, 'yaxis.autorange': true },
          undefined
        )
      ).toBe('auto');
    });

    it('should leave the y axis alone for other events', () => {
      expect(yRangeChange({ 'xaxis.range[0]': 1 }, undefined)).toBeNull();
      expect(yRangeChange({ autosize: true }, undefined)).toBeNull();
      expect(
        yRangeChange({ 'yaxis.range': ['a', Number.NaN] }, undefined)
      ).toBeNull();
    });
  });
});
