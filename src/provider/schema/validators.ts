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

/** IPv4 or IPv6 CIDR with a host part of zero bits. */
export function cidrProblem(v: string): string | undefined {
  const slash = v.indexOf('/');
  if (slash < 0) return `${JSON.stringify(v)} is not a CIDR block: add the prefix length, e.g. "${v}/32"`;
  const ip = v.slice(0, slash);
  const prefixText = v.slice(slash + 1);
  const family = isIP(ip);
  if (family === 0) return `${JSON.stringify(v)} is not a CIDR block: ${JSON.stringify(ip)} is not an IP address`;
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return `${JSON.stringify(v)} has an invalid prefix length (0-${max})`;
  return undefined;
}

export const cidrList: Validator = {
  description: 'CIDR blocks (`203.0.113.0/24`, `2001:db8::/32`)',
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
