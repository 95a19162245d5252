import { describe, expect, it } from 'vitest';
import { isTimeZone, localTimeToUtc, zoneOffsetMs } from './time-zone.ts';

const SP = 'America/Sao_Paulo';

describe('local times of an IANA zone', () => {
  it('reads São Paulo times with the offset of their season (daylight saving until 2019)', () => {
    // January 2017: summer time, UTC−2; July 2017: UTC−3; 2019 on: no daylight saving.
    expect(localTimeToUtc('2017-01-10 12:00:00', SP)).toBe('2017-01-10T14:00:00.000Z');
    expect(localTimeToUtc('2017-07-09 21:57:05', SP)).toBe('2017-07-10T00:57:05.000Z');
    expect(localTimeToUtc('2020-01-10 12:00:00', SP)).toBe('2020-01-10T15:00:00.000Z');
    expect(zoneOffsetMs(Date.parse('2017-01-10T14:00:00Z'), SP)).toBe(-2 * 3_600_000);
  });

  it('moves a time the clocks skipped forward by the gap, and takes the earlier of a time that came twice', () => {
    // 2017-10-15: at 00:00 the clocks went to 01:00, so 00:30 never happened.
    expect(localTimeToUtc('2017-10-15 00:30:00', SP)).toBe('2017-10-15T03:30:00.000Z');
    // 2018-02-18: at 00:00 the clocks went back to 23:00 of the 17th, so 23:30 came twice.
    expect(localTimeToUtc('2018-02-17 23:30:00', SP)).toBe('2018-02-18T01:30:00.000Z');
    expect(localTimeToUtc('2018-02-17 22:30:00', SP)).toBe('2018-02-18T00:30:00.000Z');
  });

  it('accepts dates alone, T separators and fractions, and refuses anything else', () => {
    expect(localTimeToUtc('2017-08-01', SP)).toBe('2017-08-01T03:00:00.000Z');
    expect(localTimeToUtc('2017-08-01T10:00:00.250', 'UTC')).toBe('2017-08-01T10:00:00.250Z');
    expect(localTimeToUtc('2017-02-30 10:00:00', SP)).toBeUndefined();
    expect(localTimeToUtc('yesterday', SP)).toBeUndefined();
    expect(isTimeZone(SP)).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
