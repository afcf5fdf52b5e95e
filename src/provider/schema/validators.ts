/** Reusable plan-time validators (each describes its rule for the docs). */
import { isIP } from 'node:net';
import type { Validator } from './model';

const isStr = (v: unknown): v is string => typeof v === 'string';

export const nonEmpty: Validator = {
  description: 'not empty',
  check: (v) => (isStr(v) && v.trim() === '' ? 'must not be empty or only spaces' : undefined),
};

export const maxLength = (n: number): Validator => ({
  description: `at most ${n} characters`,
  check: (v) => (isStr(v) && v.length > n ? `is ${v.length} characters long; at most ${n} are allowed` : undefined),
});

export const oneOf = (values: readonly string[]): Validator => ({
  description: `one of ${values.map((x) => `\`${x}\``).join(', ')}`,
  check: (v) => (isStr(v) && !values.includes(v) ? `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}` : undefined),
});

export const httpsUrl: Validator = {
  description: 'an `https://` URL without query or fragment',
  check: (v) => {
    if (!isStr(v)) return undefined;
    let u: URL;
    try {
      u = new URL(v.trim());
    } catch {
      return 'is not a URL (expected e.g. "https://<id>.tokens.sts.global.api.aws")';
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'))) {
      return 'must use the https scheme (http is accepted only for 127.0.0.1/localhost)';
    }
    if (u.search || u.hash) return 'must not have a query string or fragment';
    if (u.username || u.password) return 'must not contain credentials';
    return undefined;
  },
};

const EMAIL = /^[^\s@<>()",;]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
export const emailAddress: Validator = {
  description: 'an email address (`name@example.com`)',
  check: (v) => (isStr(v) && !EMAIL.test(v) ? 'is not an email address of the form name@example.com' : undefined),
};

const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
export const iamRoleArn: Validator = {
  description: 'an IAM role ARN (`arn:aws:iam::<12-digit account>:role/<name>`)',
  check: (v) => (isStr(v) && !ROLE_ARN.test(v) ? 'is not an IAM role ARN of the form arn:aws:iam::123456789012:role/c1-ses-sender' : undefined),
};

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
export const awsRegion: Validator = {
  description: 'an AWS region code (`us-east-1`)',
  check: (v) => (isStr(v) && !REGION.test(v) ? 'is not an AWS region code such as "us-east-1"' : undefined),
};

const CONFIG_SET = /^[A-Za-z0-9_-]{1,64}$/;
export const sesConfigurationSetName: Validator = {
  description: 'an SES configuration set name (1–64 letters, digits, `_`, `-`)',
  check: (v) => (isStr(v) && !CONFIG_SET.test(v) ? 'must be 1-64 letters, digits, "_" or "-" (an SES configuration set name)' : undefined),
};

/** The address as bits (IPv4: 32, IPv6: 128). */
function addressBits(ip: string, family: 4 | 6): bigint {
  if (family === 4) return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  // WHATWG URL parsing expands and validates IPv6 (including an embedded IPv4 tail).
  const groups = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const [head = '', tail] = groups.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined ? [] : tail === '' ? [] : tail.split(':');
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function formatAddress(bits: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((bits >> s) & 255n)).join('.');
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => ((bits >> s) & 0xffffn).toString(16));
  // RFC 5952 form, as WHATWG URL serializes it.
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/**
 * The canonical form of a CIDR block (network address, RFC 5952 lower-case IPv6, no leading zeros),
 * or undefined when it is not a CIDR block at all.
 */
export function canonicalCidr(v: string): string | undefined {
  const slash = v.indexOf('/');
  if (slash < 0) return undefined;
  const ip = v.slice(0, slash);
  const family = isIP(ip);
  const prefixText = v.slice(slash + 1);
  if ((family !== 4 && family !== 6) || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > max) return undefined;
  const width = BigInt(max);
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << (width - BigInt(prefix));
  return `${formatAddress(addressBits(ip, family) & mask, family)}/${prefix}`;
}

/**
 * IPv4 or IPv6 CIDR block written canonically: the network address (no host bits set), lower-case
 * compressed IPv6, no zone, no leading zeros. A block written otherwise is refused with the form to
 * write, because C1 may store either form and the set would then differ from the configuration on
 * every plan (and `10.0.0.1/8` usually means `10.0.0.1/32`).
 */
export function cidrProblem(v: string): string | undefined {
  const slash = v.indexOf('/');
  if (slash < 0) return `${JSON.stringify(v)} is not a CIDR block: add the prefix length, e.g. "${v}/32"`;
  const ip = v.slice(0, slash);
  const prefixText = v.slice(slash + 1);
  if (ip.includes('%')) return `${JSON.stringify(v)} is not a CIDR block: a zone such as "%eth0" is not allowed in an address`;
  const family = isIP(ip);
  if (family !== 4 && family !== 6) return `${JSON.stringify(v)} is not a CIDR block: ${JSON.stringify(ip)} is not an IP address`;
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return `${JSON.stringify(v)} has an invalid prefix length (0-${max})`;
  const canonical = canonicalCidr(v) as string;
  const address = addressBits(ip, family);
  const network = canonical.slice(0, canonical.indexOf('/'));
  if (addressBits(network, family) !== address) {
    return `${JSON.stringify(v)} has host bits set: write the network "${canonical}", or "${formatAddress(address, family)}/${max}" for the single address`;
  }
  // IPv4-mapped IPv6 (::ffff:10.0.0.0) may keep its dotted tail; anything else must be written canonically.
  if (canonical !== v && !(family === 6 && ip.includes('.') && prefixText === String(Number(prefixText)) && ip === ip.toLowerCase())) {
    return `${JSON.stringify(v)} is not written canonically: write "${canonical}"`;
  }
  return undefined;
}

export const cidrList: Validator = {
  description: 'CIDR blocks written as network addresses, IPv6 in lower-case compressed form (`203.0.113.0/24`, `198.51.100.7/32`, `2001:db8::/32`)',
  check: (v) => {
    if (!Array.isArray(v)) return undefined;
    for (const item of v) {
      if (typeof item !== 'string') continue;
      const p = cidrProblem(item);
      if (p) return p;
    }
    return undefined;
  },
};

export const noEmptyItems: Validator = {
  description: 'no empty items',
  check: (v) => (Array.isArray(v) && v.some((x) => typeof x === 'string' && x.trim() === '') ? 'must not contain empty strings' : undefined),
};

export const intRange = (min: number, max: number): Validator => ({
  description: `a whole number from ${min} to ${max}`,
  check: (v) => (typeof v === 'number' && (!Number.isInteger(v) || v < min || v > max) ? `must be a whole number from ${min} to ${max}` : undefined),
});

export const wellKnownProvider: Validator = {
  description: 'a `WELL_KNOWN_WORKLOAD_PROVIDER_*` value',
  check: (v) => (isStr(v) && !/^WELL_KNOWN_WORKLOAD_PROVIDER_[A-Z0-9_]+$/.test(v) ? 'must be a WELL_KNOWN_WORKLOAD_PROVIDER_* value, e.g. "WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND"' : undefined),
};
