import { describe, expect, it } from 'vitest';
import { checkDestination, classifyAddress, parseAllowList } from './address-guard.ts';

describe('classifyAddress', () => {
  // address → null when public, else the phrase used in the refusal message
  const table: Array<[string, string | null]> = [
    ['8.8.8.8', null],
    ['1.1.1.1', null],
    ['114.114.114.114', null],
    ['2001:4860:4860::8888', null],
    ['::ffff:8.8.8.8', null],
    ['64:ff9b::808:808', null],
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.1.2.3', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.0.1', 'a private address'],
    ['172.32.0.1', null],
    ['192.168.1.1', 'a private address'],
    ['169.254.1.1', 'a link-local address'],
    ['169.254.169.254', 'a link-local address (cloud metadata service)'],
    ['fe80::1', 'a link-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['fc00::1', 'a unique-local address'],
    ['fd12:3456:789a::1', 'a unique-local address'],
    ['100.64.0.1', 'a carrier-grade NAT (shared) address'],
    ['100.127.255.254', 'a carrier-grade NAT (shared) address'],
    ['100.100.100.200', 'a carrier-grade NAT address (Alibaba Cloud metadata service)'],
    ['100.128.0.1', null],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'a broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['192.0.2.1', 'a reserved address'],
    ['198.18.0.1', 'a reserved address'],
    ['2001:db8::1', 'a reserved address'],
    // IPv4 hidden inside IPv6 is judged by its IPv4 part
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['::ffff:10.0.0.1', 'a private address'],
    ['::ffff:169.254.169.254', 'a link-local address (cloud metadata service)'],
    ['::ffff:0:192.168.0.1', 'a private address'],
    ['64:ff9b::7f00:1', 'a loopback address'],
    ['2002:7f00:1::1', 'a loopback address'],
    ['2002:0a00:0001::1', 'a private address'],
    ['::7f00:1', 'a reserved address'], // deprecated IPv4-compatible form,
    ['2001::1', 'a special-purpose address'],
    ['not-an-ip', 'not a valid IP address'],
  ];
  it.each(table)('%s → %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('parseAllowList', () => {
  it('parses hostnames, IPs, CIDRs and host:port entries', () => {
    const rules = parseAllowList(['localhost', ' 127.0.0.1 ', '10.0.0.0/8', '127.0.0.1:3900', '[::1]:8080', 'Intranet.Example.:81', '', 'fd00::/8']);
    expect(rules.map((r) => [r.kind, r.port])).toEqual([
      ['host', null],
      ['range', null],
      ['range', null],
      ['range', 3900],
      ['range', 8080],
      ['host', 81],
      ['range', null],
    ]);
    expect(rules[5]).toEqual({ kind: 'host', host: 'intranet.example', port: 81 });
  });

  it('rejects malformed CIDRs and ports', () => {
    expect(() => parseAllowList(['10.0.0.0/33'])).toThrow(/not a valid CIDR/);
    expect(() => parseAllowList(['127.0.0.1:0'])).toThrow(/invalid port/);
    expect(() => parseAllowList(['127.0.0.1:70000'])).toThrow(/invalid port/);
  });
});

describe('checkDestination', () => {
  const dest = (hostname: string, port: number, address: string) => ({ hostname, port, address });

  it('lets public addresses through without any allow-list', () => {
    expect(checkDestination(dest('example.org', 443, '93.184.216.34'), [])).toBeNull();
  });

  it('names the address and the setting when refusing', () => {
    expect(checkDestination(dest('127.0.0.1', 80, '127.0.0.1'), [])).toBe(
      '127.0.0.1 is a loopback address; add it to HUIYING_FETCH_ALLOW to allow it',
    );
    expect(checkDestination(dest('metadata.internal', 80, '169.254.169.254'), [])).toBe(
      'metadata.internal (169.254.169.254) is a link-local address (cloud metadata service); add it to HUIYING_FETCH_ALLOW to allow it',
    );
  });

  it('opens exactly what the allow-list names', () => {
    const rules = parseAllowList(['localhost', '10.0.0.0/8', '127.0.0.1:3900', '[::1]:8080']);
    // a hostname entry allows whatever that name resolves to
    expect(checkDestination(dest('localhost', 1234, '127.0.0.1'), rules)).toBeNull();
    expect(checkDestination(dest('LOCALHOST.', 1234, '::1'), rules)).toBeNull();
    // a CIDR entry allows its range for any hostname and port
    expect(checkDestination(dest('intranet', 80, '10.200.3.4'), rules)).toBeNull();
    expect(checkDestination(dest('intranet', 80, '::ffff:10.200.3.4'), rules)).toBeNull();
    expect(checkDestination(dest('intranet', 80, '192.168.0.1'), rules)).toMatch(/private address/);
    // a host:port entry allows only that port
    expect(checkDestination(dest('127.0.0.1', 3900, '127.0.0.1'), rules)).toBeNull();
    expect(checkDestination(dest('127.0.0.1', 3901, '127.0.0.1'), rules)).toMatch(/loopback/);
    expect(checkDestination(dest('::1', 8080, '::1'), rules)).toBeNull();
    expect(checkDestination(dest('::1', 8081, '::1'), rules)).toMatch(/loopback/);
    // allowing 10/8 does not open the metadata service
    expect(checkDestination(dest('x', 80, '169.254.169.254'), rules)).toMatch(/cloud metadata/);
  });

  it('does not let a hostname entry open a different hostname resolving to the same address', () => {
    const rules = parseAllowList(['localhost']);
    expect(checkDestination(dest('evil.example', 80, '127.0.0.1'), rules)).toMatch(/evil\.example \(127\.0\.0\.1\) is a loopback/);
  });
});
