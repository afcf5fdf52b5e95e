/**
 * A minimal authoritative DNS responder (UDP and TCP on 127.0.0.1) serving the Route 53 zones of
 * the sandbox: A, AAAA, CNAME, MX, TXT, NS, SOA. Good enough for node's dns.Resolver.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { ResourceRecordSet } from './state';

const TYPES: Record<number, string> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 15: 'MX', 16: 'TXT', 28: 'AAAA', 255: 'ANY' };
const TYPE_CODES: Record<string, number> = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, Number(k)]));

/** Looks records up: all record sets at `name` (fqdn, lower case, trailing dot); `inZone` false when no zone covers it. */
export type RecordLookup = (name: string) => { readonly inZone: boolean; readonly records: readonly ResourceRecordSet[] };

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  const bufs = parts.map((p) => {
    const b = Buffer.from(p, 'utf8');
    return Buffer.concat([Buffer.from([b.length]), b]);
  });
  return Buffer.concat([...bufs, Buffer.from([0])]);
}

function readName(buf: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let pos = offset;
  let next = -1;
  for (let guard = 0; guard < 128; guard++) {
    const len = buf[pos];
    if (len === undefined) throw new Error('truncated name');
    if (len === 0) {
      pos += 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (next < 0) next = pos + 2;
      pos = ((len & 0x3f) << 8) | buf[pos + 1];
      continue;
    }
    labels.push(buf.subarray(pos + 1, pos + 1 + len).toString('utf8'));
    pos += 1 + len;
  }
  return { name: `${labels.join('.').toLowerCase()}.`, next: next < 0 ? pos : next };
}

/** TXT values as Route 53 stores them: one or more quoted strings, `"a" "b"`. */
function txtStrings(value: string): Buffer[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) out.push(m[1].replace(/\\(.)/g, '$1'));
  if (out.length === 0) out.push(value);
  return out.flatMap((s) => {
    const b = Buffer.from(s, 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < b.length || i === 0; i += 255) {
      const c = b.subarray(i, i + 255);
      chunks.push(Buffer.concat([Buffer.from([c.length]), c]));
      if (b.length === 0) break;
    }
    return chunks;
  });
}

function rdata(type: string, value: string): Buffer | undefined {
  switch (type) {
    case 'A':
      return Buffer.from(value.split('.').map(Number));
    case 'AAAA': {
      const [head, tail] = value.includes('::') ? value.split('::') : [value, undefined];
      const h = head ? head.split(':') : [];
      const t = tail ? tail.split(':') : [];
      const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
      const b = Buffer.alloc(16);
      groups.forEach((g, i) => b.writeUInt16BE(parseInt(g || '0', 16), i * 2));
      return b;
    }
    case 'CNAME':
    case 'NS':
      return encodeName(value);
    case 'MX': {
      const [pref, host] = value.trim().split(/\s+/);
      const b = Buffer.alloc(2);
      b.writeUInt16BE(Number(pref));
      return Buffer.concat([b, encodeName(host ?? '.')]);
    }
    case 'TXT':
      return Buffer.concat(txtStrings(value));
    case 'SOA': {
      const [mname, rname, ...nums] = value.trim().split(/\s+/);
      const b = Buffer.alloc(20);
      nums.slice(0, 5).forEach((n, i) => b.writeUInt32BE(Number(n) >>> 0, i * 4));
      return Buffer.concat([encodeName(mname ?? '.'), encodeName(rname ?? '.'), b]);
    }
    default:
      return undefined;
  }
}

function answer(nameBuf: Buffer, type: string, ttl: number, value: string): Buffer | undefined {
  const data = rdata(type, value);
  if (!data) return undefined;
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE_CODES[type] ?? 0, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(ttl, 4);
  fixed.writeUInt16BE(data.length, 8);
  return Buffer.concat([nameBuf, fixed, data]);
}

/** Build the response to one DNS query message. */
export function respond(query: Buffer, lookup: RecordLookup): Buffer {
  const id = query.readUInt16BE(0);
  const qd = query.readUInt16BE(4);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  if (qd < 1) {
    header.writeUInt16BE(0x8001, 2); // FORMERR
    return header;
  }
  const { name, next } = readName(query, 12);
  const qtype = query.readUInt16BE(next);
  const question = query.subarray(12, next + 4);
  const typeName = TYPES[qtype] ?? 'UNKNOWN';
  const answers: Buffer[] = [];
  let rcode = 0;
  let aa = true;
  let current = name;
  for (let hops = 0; hops < 8; hops++) {
    const { inZone, records } = lookup(current);
    if (!inZone) {
      if (hops === 0) {
        rcode = 5; // REFUSED: not our zone
        aa = false;
      }
      break;
    }
    if (records.length === 0) {
      if (hops === 0) rcode = 3; // NXDOMAIN
      break;
    }
    const nameBuf = current === name ? Buffer.from([0xc0, 0x0c]) : encodeName(current);
    const cname = records.find((r) => r.type === 'CNAME');
    const matching = records.filter((r) => r.type === typeName || (typeName === 'ANY' && r.type !== 'CNAME'));
    if (matching.length > 0 || !cname || typeName === 'CNAME') {
      for (const r of typeName === 'CNAME' ? records.filter((x) => x.type === 'CNAME') : matching) {
        for (const v of r.values) {
          const a = answer(nameBuf, r.type, r.ttl ?? 300, v);
          if (a) answers.push(a);
        }
      }
      break;
    }
    const a = answer(nameBuf, 'CNAME', cname.ttl ?? 300, cname.values[0] ?? '.');
    if (a) answers.push(a);
    current = cname.values[0]?.toLowerCase().replace(/\.?$/, '.') ?? '.';
  }
  const flags = 0x8000 | (aa ? 0x0400 : 0) | (query.readUInt16BE(2) & 0x0100) | rcode;
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, question, ...answers]);
}

export interface RunningDns {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startDnsServer(lookup: RecordLookup): Promise<RunningDns> {
  const udp: UdpSocket = createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    try {
      udp.send(respond(msg, lookup), rinfo.port, rinfo.address);
    } catch {
      /* malformed query: ignore */
    }
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(0, '127.0.0.1', () => resolve());
  });
  const port = udp.address().port;
  const sockets = new Set<Socket>();
  const tcp: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
    let pending = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const len = pending.readUInt16BE(0);
        const msg = pending.subarray(2, 2 + len);
        pending = pending.subarray(2 + len);
        try {
          const r = respond(msg, lookup);
          const l = Buffer.alloc(2);
          l.writeUInt16BE(r.length);
          s.write(Buffer.concat([l, r]));
        } catch {
          s.destroy();
        }
      }
    });
  });
  // TCP on the same port number when free; UDP alone is enough for node's resolver.
  await new Promise<void>((resolve) => {
    tcp.once('error', () => resolve());
    tcp.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    host: '127.0.0.1',
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((r) => udp.close(() => r())), new Promise<void>((r) => (tcp.listening ? tcp.close(() => r()) : r()))]);
    },
  };
}
