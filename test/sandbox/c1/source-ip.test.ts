import { sourceAllowed } from '../../../src/sandbox/c1/source-ip';
import { Faults } from '../../../src/sandbox/c1/faults';

test('source IP: empty list allows, IPv4-mapped IPv6 reads as IPv4, outside is refused', () => {
  expect(sourceAllowed('203.0.113.9', [])).toBe(true);
  expect(sourceAllowed('::ffff:127.0.0.1', ['127.0.0.0/8'])).toBe(true);
  expect(sourceAllowed('127.0.0.1', ['10.0.0.0/8'])).toBe(false);
  expect(sourceAllowed('2001:db8::1', ['2001:db8::/32'])).toBe(true);
  expect(sourceAllowed('2001:db9::1', ['2001:db8::/32'])).toBe(false);
  expect(sourceAllowed('not-an-ip', ['0.0.0.0/0'])).toBe(false);
  expect(() => sourceAllowed('127.0.0.1', ['10.0.0.0'])).toThrow(/not a CIDR/);
  expect(() => sourceAllowed('127.0.0.1', ['10.0.0.0/33'])).toThrow(/not a CIDR/);
});

test('faults are count-limited and path-scoped', () => {
  const f = new Faults();
  f.inject('http-5xx', { count: 2, pathPrefix: '/auth' });
  expect(f.take('http-5xx', '/api/v1/apps')).toBeUndefined();
  expect(f.take('http-5xx', '/auth/v1/token')).toBeDefined();
  expect(f.take('http-5xx', '/auth/v1/token')).toBeDefined();
  expect(f.take('http-5xx', '/auth/v1/token')).toBeUndefined();
  expect(f.fired['http-5xx']).toBe(2);
  f.inject('latency', { count: Infinity });
  f.clear();
  expect(f.take('latency')).toBeUndefined();
  expect(() => f.inject('latency', { count: 0 })).toThrow(/count/);
});
