/**
 * A self-signed TLS server certificate for go-plugin's AutoMTLS, made with node:crypto and a small
 * DER encoder (node:crypto makes keys, not certificates). ECDSA P-256 / SHA-256, CN and SAN
 * `localhost` (+ IP 127.0.0.1), CA (go-plugin adds it to its root pool), server and client auth.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

// ── DER ──

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}

const seq = (...c: Buffer[]): Buffer => tlv(0x30, ...c);
const set = (...c: Buffer[]): Buffer => tlv(0x31, ...c);

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * (parts[0] as number) + (parts[1] as number)];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/**
 * A positive serial number in minimal DER form. Trap: a random first byte of 0x00 makes a
 * non-minimal INTEGER that Go's x509 parser rejects; the first byte is forced into 0x40–0x7f.
 */
export function serialNumber(random: Buffer = randomBytes(16)): Buffer {
  const b = Buffer.from(random);
  b[0] = ((b[0] as number) & 0x3f) | 0x40;
  return tlv(0x02, b);
}

function utcTime(d: Date): Buffer {
  const p = (n: number): string => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

export interface ServerCertificate {
  /** The certificate, DER. */
  readonly der: Buffer;
  readonly certPem: string;
  readonly keyPem: string;
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Make a key pair and a certificate valid from 30 s ago for `days` days. */
export function makeServerCertificate(options: { readonly days?: number; readonly now?: Date; readonly key?: KeyObject } = {}): ServerCertificate {
  const privateKey = options.key ?? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const publicKeyDer = createPublicDer(privateKey);
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 30_000);
  const notAfter = new Date(now.getTime() + (options.days ?? 30) * 86_400_000);
  const name = seq(set(seq(oid('2.5.4.10'), tlv(0x0c, Buffer.from('c1-aws terraform provider')))), set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from('localhost')))));
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const extensions = seq(
    extension('2.5.29.19', true, seq(tlv(0x01, Buffer.from([0xff])))), // basicConstraints: CA
    extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x02, 0xa4]))), // keyUsage: digitalSignature, keyEncipherment, keyCertSign
    extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))), // extKeyUsage: serverAuth, clientAuth
    extension('2.5.29.17', false, seq(tlv(0x82, Buffer.from('localhost')), tlv(0x87, Buffer.from([127, 0, 0, 1])))), // SAN
  );
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))), // v3
    serialNumber(),
    ecdsaWithSha256,
    name,
    seq(utcTime(notBefore), utcTime(notAfter)),
    name,
    publicKeyDer,
    tlv(0xa3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return { der, certPem: pem('CERTIFICATE', der), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function createPublicDer(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
}

/** PEM certificate(s) → DER of the first one. */
export function pemToDer(text: string): Buffer | undefined {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  return m ? Buffer.from((m[1] as string).replace(/\s+/g, ''), 'base64') : undefined;
}
