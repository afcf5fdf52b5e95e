/**
 * Shapes of command-line values, checked before anything runs (so a typo is a one-line usage error,
 * exit 2, not a network call that fails later as an "environment" problem).
 */
import { isIP } from 'node:net';

/** An AWS region name: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, … */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** A DNS host name with at least one dot, lower case (a C1 tenant host, a mail domain). */
export const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
/** An IAM role ARN in any partition. */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** An IAM principal ARN (role, user, root, assumed-role session) in any partition. */
export const PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:[\w+=,.@/:-]{1,1024}$/;
/** A plain email address, local@domain (what C1's email form takes). */
export const EMAIL = /^[^@\s<>"]+@(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** An http(s) origin or URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** A DNS server as Node's resolver takes it: an IP address, optionally with a port (`1.2.3.4:53`, `[::1]:53`). */
export function isDnsServer(value: string): boolean {
  const v6 = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(value);
  const v4 = /^([^:]+)(?::(\d{1,5}))?$/.exec(value);
  const [host, port] = v6 ? [v6[1], v6[2]] : v4 ? [v4[1], v4[2]] : [value, undefined];
  if (isIP(host) === 0) return false;
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}
