import {
  durationMs,
  formatDuration,
  formatNumber,
  formatTime,
  isTrainingJob,
  toNumber
} from '../model/format';
import { makeComponent } from './fakes';

describe('toNumber()', () => {
  it('should decode the strings used for non-finite values', () => {
    expect(toNumber('NaN')).toBeNaN();
    expect(toNumber('Infinity')).toBe(Infinity);
    expect(toNumber('-Infinity')).toBe(-Infinity);
    expect(toNumber(1.5)).toBe(1.5);
    expect(toNumber(null)).toBeNull();
  });
});

describe('formatNumber()', () => {
  it('should keep integers whole', () => {
    expect(formatNumber(85)).toBe('85');
    expect(formatNumber(12345678)).toBe('12345678');
  });

  it('should round to six significant digits', () => {
    expect(formatNumber(0.318198051533946)).toBe('0.318198');
    expect(formatNumber(1 / 3)).toBe('0.333333');
  });

  it('should spell out non-finite values', () => {
    expect(formatNumber('NaN')).toBe('NaN');
    expect(formatNumber('Infinity')).toBe('∞');
    expect(formatNumber('-Infinity')).toBe('−∞');
  });

  it('should show nothing for a missing value', () => {
    expect(formatNumber(null)).toBe('');
    expect(formatNumber(undefined)).toBe('');
  });
});

describe('formatTime()', () => {
  it('should return an empty string for missing or invalid times', () => {
    expect(formatTime(null)).toBe('');
    expect(formatTime('not a time')).toBe('');
  });

  it('should include the year of a valid time', () => {
    expect(formatTime('2026-12-01T09:00:00Z')).toContain('2026');
  });
});

describe('formatDuration()', () => {
  it('should format seconds, minutes and hours', () => {
    expect(formatDuration(3400)).toBe('3.4s');
    expect(formatDuration(202_000)).toBe('3m 22s');
    expect(formatDuration(3_723_000)).toBe('1h 02m 03s');
    expect(formatDuration(null)).toBe('');
  });
});

describe('durationMs()', () => {
  it('should subtract the start from the end', () => {
    expect(durationMs('2026-12-01T09:00:20Z', '2026-12-01T09:03:42Z')).toBe(
      202_000
    );
  });

  it('should return null when a time is missing or the end is earlier', () => {
    expect(durationMs(null, '2026-12-01T09:00:00Z')).toBeNull();
    expect(
      durationMs('2026-12-01T09:00:01Z', '2026-12-01T09:00:00Z')
    ).toBeNull();
  });
});

describe('isTrainingJob()', () => {
  it('should recognise training jobs by source type or name', () => {
    expect(
      isTrainingJob(
        makeComponent('x', {
          source: { source_arn: 'arn', source_type: 'SageMakerTrainingJob' }
        })
      )
    ).toBe(true);
    expect(isTrainingJob(makeComponent('job-1-aws-training-job'))).toBe(true);
    expect(isTrainingJob(makeComponent('preprocessing'))).toBe(false);
  });
});
