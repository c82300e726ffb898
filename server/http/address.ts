import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';

/**
 * Client addresses for every request the server answers (the sign-in gate, the audit log, the
 * webhook guard): parsing, CIDR ranges, and the source behind TRUST_PROXY hops.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type AddressRange = [Address, number];

/**
 * Parses an address strictly: dotted-quad IPv4 or IPv6 (ipaddr.js alone would also take `10` or
 * `127.1`, which nobody means in an allowlist or a forwarded header). IPv4-mapped IPv6
 * (`::ffff:1.2.3.4`) becomes the IPv4 address.
 */
export function parseAddress(text: string): Address | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (ipaddr.IPv6.isValid(text)) return ipaddr.process(text);
  return null;
}

/** `10.0.0.0/8`, `2001:db8::/32` or a single address (`192.0.2.7`, `::1`); null when invalid. */
export function parseAddressRange(entry: string): AddressRange | null {
  const slash = entry.indexOf('/');
  if (slash === -1) {
    const address = parseAddress(entry);
    return address ? [address, address.kind() === 'ipv4' ? 32 : 128] : null;
  }
  const base = entry.slice(0, slash);
  if (!ipaddr.IPv4.isValidFourPartDecimal(base) && !ipaddr.IPv6.isValid(base)) return null;
  if (!/^\d{1,3}$/.test(entry.slice(slash + 1))) return null;
  try {
    const range = ipaddr.parseCIDR(entry);
    // A range written as IPv4-mapped IPv6 matches the IPv4 addresses it maps.
    const [address, bits] = range;
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
      return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
    return range;
  } catch {
    return null; // prefix longer than the address
  }
}

export function inAllowlist(address: string, allowlist: readonly AddressRange[]): boolean {
  const parsed = parseAddress(address);
  if (!parsed) return false;
  return allowlist.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits));
}

/**
 * The client's address. Without trusted proxies it is the socket's peer. Behind `trustedHops`
 * proxies, each of which appends the address it received the request from to X-Forwarded-For,
 * it is the entry `trustedHops` from the right: entries further left were written by the client
 * and may be anything. Undefined when the address cannot be determined (closed socket, or the
 * entry at that hop is not an IP address).
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustedHops: number): string | undefined {
  let text = req.socket.remoteAddress;
  if (trustedHops > 0) {
    const header = req.headers['x-forwarded-for'];
    const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    // Fewer entries than hops: the left-most is the furthest address any proxy saw (as Express does).
    if (forwarded.length > 0) text = forwarded[Math.max(forwarded.length - trustedHops, 0)];
  }
  if (!text) return undefined;
  return parseAddress(text)?.toString();
}
