import { describe, expect, it } from 'vitest';
import { formatRate, parseBandwidthBytesPerS, parseBytes, parseDurationUs, parsePercentPpm, parseRateIntervalUs } from './units.js';

describe('units', () => {
  it.each([
    ['10s', 10_000_000], ['250ms', 250_000], ['500us', 500], ['1.5s', 1_500_000], ['2min', 120_000_000], ['1h', 3_600_000_000], ['0s', 0],
  ])('duration %s = %d us', (text, expected) => expect(parseDurationUs(text)).toBe(expected));

  it.each(['10', '-3s', '10 parsecs', '1.5us', 's', '', '10sec'])('rejects duration %j', (text) => expect(parseDurationUs(text)).toBeUndefined());

  it('parses sizes, rates, bandwidths and percentages into integers', () => {
    expect(parseBytes('4KiB')).toBe(4096);
    expect(parseBytes('1GiB')).toBe(2 ** 30);
    expect(parseBytes('100MB')).toBe(100_000_000);
    expect(parseBytes('1TiB')).toBe(2 ** 40);
    expect(parseBytes('12 furlongs')).toBeUndefined();
    expect(parseRateIntervalUs('2000/s')).toBe(500);
    expect(parseRateIntervalUs('0.5/h')).toBe(7_200_000_000);
    expect(parseRateIntervalUs('3/min')).toBe(20_000_000);
    expect(parseRateIntervalUs('0/s')).toBeUndefined();
    expect(parseRateIntervalUs('1000000/s')).toBe(1);
    expect(parseRateIntervalUs('2000000/s')).toBeUndefined(); // faster than the kernel's microsecond: not rounded up
    expect(parseRateIntervalUs('1e9/s')).toBeUndefined();
    expect(parseRateIntervalUs('5 per second')).toBeUndefined();
    expect(parseBandwidthBytesPerS('100MB/s')).toBe(100_000_000);
    expect(parseBandwidthBytesPerS('100MB')).toBeUndefined();
    expect(parsePercentPpm('5%')).toBe(50_000);
    expect(parsePercentPpm('0.5%')).toBe(5_000);
    expect(parsePercentPpm('150%')).toBeUndefined();
    expect(formatRate(7_200_000_000)).toBe('0.5/h');
    expect(formatRate(500)).toBe('2000/s');
  });
});
