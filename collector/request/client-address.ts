import { BlockList, isIP } from 'node:net';

/** The trusted-proxy list: exact addresses and CIDR ranges, IPv4 and IPv6. Throws at start-up on a bad entry. */
export function buildTrustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0) throw new Error(`collector.trustedProxies: "${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address!, type);
    else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) {
        throw new Error(`collector.trustedProxies: "${entry}" has a bad prefix length`);
      }
      list.addSubnet(address!, bits, type);
    }
  }
  if (entries.length === 0) emptyLists.add(list);
  return list;
}

/** `::ffff:1.2.3.4` → `1.2.3.4`, so IPv4 clients of a dual-stack socket look like IPv4. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

// BlockList.check allocates a SocketAddress per call: skip it when no proxy is trusted (the common case).
const emptyLists = new WeakSet<BlockList>();

function isTrusted(address: string, trusted: BlockList): boolean {
  if (emptyLists.has(trusted)) return false;
  const family = isIP(address);
  if (family === 0) return false;
  return trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `for=` values of a `Forwarded` header, in order, without quotes, brackets or ports. */
function forwardedForAddresses(header: string): string[] {
  const addresses: string[] = [];
  for (const element of header.split(',')) {
    for (const pair of element.split(';')) {
      const [key, rawValue] = pair.split('=');
      if (key?.trim().toLowerCase() !== 'for' || rawValue === undefined) continue;
      let value = rawValue.trim().replace(/^"|"$/g, '');
      if (value.startsWith('[')) value = value.slice(1, value.indexOf(']') === -1 ? undefined : value.indexOf(']'));
      else if (value.split(':').length === 2) value = value.split(':')[0]!;
      addresses.push(value);
    }
  }
  return addresses;
}

/**
 * The client address: the socket peer, unless the peer is a trusted proxy, in which case the forwarding chain
 * (`X-Forwarded-For`, else `Forwarded`) is walked from the nearest hop back to the first address that is not a
 * trusted proxy. Headers from anyone else are ignored, so clients cannot forge their address.
 */
export function clientAddress(
  socketAddress: string,
  forwardedFor: string | undefined,
  forwarded: string | undefined,
  trusted: BlockList,
): string {
  const peer = normaliseAddress(socketAddress);
  if (!isTrusted(peer, trusted)) return peer;
  const chain = forwardedFor
    ? forwardedFor.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0)
    : forwarded
      ? forwardedForAddresses(forwarded)
      : [];
  for (let index = chain.length - 1; index >= 0; index--) {
    const hop = normaliseAddress(chain[index]!);
    if (!isTrusted(hop, trusted)) return hop;
  }
  return chain.length > 0 ? normaliseAddress(chain[0]!) : peer;
}

export function isTrustedProxy(socketAddress: string, trusted: BlockList): boolean {
  return isTrusted(normaliseAddress(socketAddress), trusted);
}
