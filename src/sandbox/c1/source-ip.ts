/** Is a caller's source address inside a trust's allowSourceCidrs? (IPv4 and IPv6; IPv4-mapped IPv6 reads as IPv4.) */
import { BlockList, isIP } from 'node:net';

/** Throws RangeError naming a malformed CIDR. */
export function cidrList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [addr, bits, extra] = cidr.split('/');
    const family = isIP(addr ?? '');
    const prefix = Number(bits);
    const max = family === 4 ? 32 : 128;
    if (extra !== undefined || family === 0 || bits === undefined || !/^\d{1,3}$/.test(bits) || prefix > max) {
      throw new RangeError(`allowSourceCidrs entry ${JSON.stringify(cidr)} is not a CIDR such as 10.0.0.0/8 or 2001:db8::/32`);
    }
    list.addSubnet(addr as string, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

/** True when `cidrs` is empty (no restriction) or contains `address`. */
export function sourceAllowed(address: string, cidrs: readonly string[]): boolean {
  if (cidrs.length === 0) return true;
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const family = isIP(plain);
  if (family === 0) return false;
  return cidrList(cidrs).check(plain, family === 4 ? 'ipv4' : 'ipv6');
}
