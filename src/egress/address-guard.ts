/**
 * The SSRF guard: decides whether an outbound connection may reach an address.
 *
 * Only public unicast addresses are reachable by default. Loopback, private, link-local (cloud
 * metadata), CGNAT, unspecified, multicast, broadcast and reserved ranges are refused, also when they
 * hide inside an IPv6 address (IPv4-mapped, NAT64, 6to4). The check runs on the addresses a hostname
 * actually resolves to (see createGuardedLookup), so a public name pointing at 127.0.0.1 is caught too.
 * The operator's allow-list (HUIYING_FETCH_ALLOW) opens specific hosts, addresses, ranges or ports.
 */
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** One allow-list entry: a hostname or an address range, optionally limited to one port. */
export type AllowRule =
  | { kind: 'host'; host: string; port: number | null }
  | { kind: 'range'; range: [Address, number]; port: number | null };

/** Where a connection is about to go: the URL's hostname and port, and the address it resolved to. */
export interface Destination {
  hostname: string;
  port: number;
  address: string;
}

/** Error handed to the socket by the guarded lookup; egress turns it into FetchError 'blocked'. */
export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
  constructor(message: string) {
    super(message);
    this.name = 'BlockedAddressError';
  }
}

// What each non-public ipaddr.js range is called in a refusal message. Ranges not listed here
// (other than 'unicast') are refused as "special-purpose" (as112, amt, teredo, orchid, …).
const rangeDescriptions: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  uniqueLocal: 'a unique-local address',
  deprecatedSiteLocal: 'a site-local address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
  benchmarking: 'a benchmarking address',
  discard: 'a discard-only address',
};

// Cloud instance metadata services, named in the message because reaching them is the classic SSRF.
const metadataServices: Record<string, string> = {
  '169.254.169.254': 'a link-local address (cloud metadata service)',
  '100.100.100.200': 'a carrier-grade NAT address (Alibaba Cloud metadata service)',
};

/** Classifies an IP address: null when it is public, else a phrase like "a loopback address". */
export function classifyAddress(text: string): string | null {
  let address: Address;
  try {
    address = ipaddr.parse(stripBrackets(text));
  } catch {
    return 'not a valid IP address';
  }
  return classifyParsed(address);
}

function classifyParsed(address: Address): string | null {
  if (address.kind() === 'ipv6') {
    const embedded = embeddedIPv4(address as ipaddr.IPv6);
    if (embedded) return classifyParsed(embedded);
  }
  const special = metadataServices[address.toString()];
  if (special) return special;
  const range = address.range();
  if (range === 'unicast') {
    // ::a.b.c.d "IPv4-compatible" addresses (RFC 4291 2.5.5.1) are deprecated and never public.
    const ipv4Compatible = address.kind() === 'ipv6' && (address as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0);
    return ipv4Compatible ? 'a reserved address' : null;
  }
  return rangeDescriptions[range] ?? 'a special-purpose address';
}

/** The IPv4 address carried inside an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 IPv6 address. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = address.parts;
  const fromWords = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const range = address.range();
  // ::ffff:a.b.c.d (RFC 4291) and ::ffff:0:a.b.c.d (RFC 6145): the kernel connects to the IPv4 address.
  if (range === 'ipv4Mapped' || range === 'rfc6145') return fromWords(p[6]!, p[7]!);
  // 64:ff9b::a.b.c.d (RFC 6052): a NAT64 gateway forwards to the IPv4 address.
  if (address.match(ipaddr.IPv6.parseCIDR('64:ff9b::/96'))) return fromWords(p[6]!, p[7]!);
  // 2002:aabb:ccdd::/48 (RFC 3056): 6to4 relays to aa.bb.cc.dd.
  if (range === '6to4') return fromWords(p[1]!, p[2]!);
  return null;
}

/**
 * Parses allow-list entries: `localhost`, `127.0.0.1`, `10.0.0.0/8`, `127.0.0.1:3900`,
 * `[::1]:3900`, `intranet.example:8080`. Throws on a malformed CIDR or port.
 */
export function parseAllowList(entries: string[]): AllowRule[] {
  return entries
    .map((e) => e.trim())
    .filter(Boolean)
    .map(parseAllowEntry);
}

function parseAllowEntry(entry: string): AllowRule {
  let host = entry;
  let port: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  const hostPort = /^([^:]+):(\d+)$/.exec(entry);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2] === undefined ? null : Number(bracketed[2]);
  } else if (hostPort) {
    host = hostPort[1]!;
    port = Number(hostPort[2]);
  }
  if (port !== null && !(port >= 1 && port <= 65535)) {
    throw new Error(`fetch allow-list entry "${entry}" has an invalid port`);
  }
  if (host.includes('/')) {
    try {
      return { kind: 'range', range: ipaddr.parseCIDR(host), port };
    } catch {
      throw new Error(`fetch allow-list entry "${entry}" is not a valid CIDR range`);
    }
  }
  // net.isIP is strict (no "0x7f.1" or bare-number forms), so anything else is a hostname.
  if (net.isIP(host)) {
    const address = ipaddr.parse(host);
    return { kind: 'range', range: [address, address.kind() === 'ipv4' ? 32 : 128], port };
  }
  return { kind: 'host', host: normalizeHostname(host), port };
}

/** Whether an allow-list rule opens this destination. */
function allows(rule: AllowRule, dest: Destination): boolean {
  if (rule.port !== null && rule.port !== dest.port) return false;
  if (rule.kind === 'host') return rule.host === normalizeHostname(dest.hostname);
  const address = comparableAddress(dest.address);
  if (!address || address.kind() !== rule.range[0].kind()) return false;
  return address.match(rule.range);
}

/** Returns why a connection to this destination is refused, or null when it may go ahead. */
export function checkDestination(dest: Destination, rules: AllowRule[]): string | null {
  if (rules.some((rule) => allows(rule, dest))) return null;
  const reason = classifyAddress(dest.address);
  if (reason === null) return null;
  const address = stripBrackets(dest.address);
  const hostname = stripBrackets(dest.hostname);
  const subject = hostname === address ? address : `${hostname} (${address})`;
  return `${subject} is ${reason}; add it to HUIYING_FETCH_ALLOW to allow it`;
}

/**
 * Builds a dns lookup for http.request that refuses the connection when any resolved address is
 * not allowed. Node skips `lookup` for IP-literal hosts, so egress checks those itself.
 */
export function createGuardedLookup(port: number, rules: AllowRule[]): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      // Every address is checked, not only the first: with several answers the socket may try
      // any of them (happy eyeballs), and a mixed answer is itself suspicious.
      for (const { address } of addresses) {
        const refusal = checkDestination({ hostname, port, address }, rules);
        if (refusal) return callback(new BlockedAddressError(refusal), '');
      }
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/** IPv4-mapped IPv6 compares as IPv4, so "127.0.0.1" in the allow-list matches ::ffff:127.0.0.1. */
function comparableAddress(text: string): Address | null {
  try {
    const address = ipaddr.parse(stripBrackets(text));
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      return (address as ipaddr.IPv6).toIPv4Address();
    }
    return address;
  } catch {
    return null;
  }
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function normalizeHostname(host: string): string {
  return stripBrackets(host).toLowerCase().replace(/\.$/, '');
}
