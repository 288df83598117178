import { formatReference, parseReference } from './reference';

describe(formatReference.name, () => {
  it.each([
    [2026, 1, 'AR-2026-0001'],
    [2026, 42, 'AR-2026-0042'],
    [2026, 9999, 'AR-2026-9999'],
    [2026, 10000, 'AR-2026-10000'],
    [2031, 123456, 'AR-2031-123456'],
  ])('formats (%i, %i) as %s', (year, n, expected) => {
    expect(formatReference(year, n)).toBe(expected);
  });

  it.each([
    [2026, 0],
    [2026, -1],
    [2026, 1.5],
    [2026, Number.NaN],
    [2026, Number.MAX_SAFE_INTEGER + 1],
    [99, 1],
    [20260, 1],
    [2026.5, 1],
  ])('refuses (%s, %s)', (year, n) => {
    expect(() => formatReference(year, n)).toThrow(RangeError);
  });
});

describe(parseReference.name, () => {
  it.each([1, 42, 9999, 10000, 123456])('reads back what formatReference wrote for %i', (n) => {
    expect(parseReference(formatReference(2026, n))).toEqual({ year: 2026, number: n });
  });

  it('tolerates the spaces and lower case of a reference typed by hand', () => {
    expect(parseReference('  ar-2027-0042 ')).toEqual({ year: 2027, number: 42 });
  });

  it.each([
    '',
    'AR-2026-001',
    'AR-26-0001',
    'AR-2026-0000',
    'AR-2026-00001',
    'XR-2026-0001',
    'AR-2026-0001x',
    'AR-0999-0001',
  ])('refuses %j', (reference) => {
    expect(parseReference(reference)).toBeNull();
  });
});
