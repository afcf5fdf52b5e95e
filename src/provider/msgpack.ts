/**
 * Terraform's value encoding (DynamicValue.msgpack), type-directed like terraform's own (cty):
 * objects carry every attribute (null when unset) in sorted order, map keys sorted, integers in the
 * shortest msgpack form, other numbers as float64, unknown as extension 0 (`d4 00 00`). Decoding
 * treats any extension type as unknown and accepts numbers as ints, floats or decimal strings.
 * Also: stored state JSON (`raw_state`) → value, for UpgradeResourceState.
 */
import { UNKNOWN, isObject, type TfType, type Value, type ValueObject } from './values';

export class ValueCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueCodecError';
  }
}

// ── encoding ──

class Writer {
  private buf = Buffer.allocUnsafe(256);
  private len = 0;
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  u16(prefix: number, n: number): void {
    this.ensure(3);
    this.buf[this.len++] = prefix;
    this.buf.writeUInt16BE(n, this.len);
    this.len += 2;
  }
  u32(prefix: number, n: number): void {
    this.ensure(5);
    this.buf[this.len++] = prefix;
    this.buf.writeUInt32BE(n, this.len);
    this.len += 4;
  }
  finish(): Uint8Array {
    return new Uint8Array(this.buf.subarray(0, this.len));
  }
}

function writeInt(w: Writer, n: number): void {
  if (n >= 0) {
    if (n <= 0x7f) w.byte(n);
    else if (n <= 0xff) {
      w.byte(0xcc);
      w.byte(n);
    } else if (n <= 0xffff) w.u16(0xcd, n);
    else if (n <= 0xffffffff) w.u32(0xce, n);
    else {
      w.byte(0xcf);
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(BigInt(n));
      w.bytes(b);
    }
    return;
  }
  if (n >= -32) w.byte(n & 0xff);
  else if (n >= -128) {
    w.byte(0xd0);
    w.byte(n & 0xff);
  } else if (n >= -32768) {
    w.byte(0xd1);
    const b = Buffer.alloc(2);
    b.writeInt16BE(n);
    w.bytes(b);
  } else if (n >= -2147483648) {
    w.byte(0xd2);
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    w.bytes(b);
  } else {
    w.byte(0xd3);
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(n));
    w.bytes(b);
  }
}

function writeString(w: Writer, s: string): void {
  const b = Buffer.from(s, 'utf8');
  if (b.length <= 31) w.byte(0xa0 | b.length);
  else if (b.length <= 0xff) {
    w.byte(0xd9);
    w.byte(b.length);
  } else if (b.length <= 0xffff) w.u16(0xda, b.length);
  else w.u32(0xdb, b.length);
  w.bytes(b);
}

function writeArrayHeader(w: Writer, n: number): void {
  if (n <= 15) w.byte(0x90 | n);
  else if (n <= 0xffff) w.u16(0xdc, n);
  else w.u32(0xdd, n);
}

function writeMapHeader(w: Writer, n: number): void {
  if (n <= 15) w.byte(0x80 | n);
  else if (n <= 0xffff) w.u16(0xde, n);
  else w.u32(0xdf, n);
}

function writeValue(w: Writer, v: Value, t: TfType, path: string): void {
  if (v === null || v === undefined) return w.byte(0xc0);
  if (v === UNKNOWN) {
    w.byte(0xd4);
    w.byte(0);
    w.byte(0);
    return;
  }
  if (typeof t === 'string') {
    switch (t) {
      case 'string':
        if (typeof v !== 'string') throw new ValueCodecError(`${path}: expected a string`);
        return writeString(w, v);
      case 'bool':
        if (typeof v !== 'boolean') throw new ValueCodecError(`${path}: expected a bool`);
        return w.byte(v ? 0xc3 : 0xc2);
      case 'number': {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueCodecError(`${path}: expected a finite number`);
        if (Number.isSafeInteger(v)) return writeInt(w, v);
        w.byte(0xcb);
        const b = Buffer.alloc(8);
        b.writeDoubleBE(v);
        return w.bytes(b);
      }
      default:
        throw new ValueCodecError(`${path}: the dynamic type is not supported`);
    }
  }
  const [kind, inner] = t;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(v)) throw new ValueCodecError(`${path}: expected a ${kind}`);
    writeArrayHeader(w, v.length);
    v.forEach((x, i) => writeValue(w, x, inner as TfType, `${path}[${i}]`));
    return;
  }
  if (!isObject(v)) throw new ValueCodecError(`${path}: expected ${kind === 'map' ? 'a map' : 'an object'}`);
  if (kind === 'map') {
    const keys = Object.keys(v).sort();
    writeMapHeader(w, keys.length);
    for (const k of keys) {
      writeString(w, k);
      writeValue(w, v[k] as Value, inner as TfType, `${path}[${JSON.stringify(k)}]`);
    }
    return;
  }
  const attrs = inner as Readonly<Record<string, TfType>>;
  for (const k of Object.keys(v)) if (!(k in attrs)) throw new ValueCodecError(`${path}: unexpected attribute ${JSON.stringify(k)}`);
  const names = Object.keys(attrs).sort();
  writeMapHeader(w, names.length);
  for (const k of names) {
    writeString(w, k);
    writeValue(w, (v[k] ?? null) as Value, attrs[k] as TfType, path ? `${path}.${k}` : k);
  }
}

/** Encode `value` of type `type` (null → msgpack nil). */
export function encodeValue(value: Value, type: TfType): Uint8Array {
  const w = new Writer();
  writeValue(w, value, type, '');
  return w.finish();
}

// ── decoding ──

type Raw = null | typeof UNKNOWN | string | number | boolean | Uint8Array | Raw[] | Map<string, Raw>;

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new ValueCodecError('msgpack: unexpected end of data');
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++] as number;
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  take(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  str(n: number): string {
    return Buffer.from(this.take(n)).toString('utf8');
  }
  read(depth = 0): Raw {
    if (depth > 100) throw new ValueCodecError('msgpack: nesting too deep');
    const b = this.u8();
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if ((b & 0xe0) === 0xa0) return this.str(b & 0x1f);
    if ((b & 0xf0) === 0x90) return this.array(b & 0x0f, depth);
    if ((b & 0xf0) === 0x80) return this.map(b & 0x0f, depth);
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.take(this.u8());
      case 0xc5:
        return this.take(this.u16());
      case 0xc6:
        return this.take(this.u32());
      case 0xc7: // ext 8
        this.take(this.u8() + 1);
        return UNKNOWN;
      case 0xc8:
        this.take(this.u16() + 1);
        return UNKNOWN;
      case 0xc9:
        this.take(this.u32() + 1);
        return UNKNOWN;
      case 0xca: {
        this.need(4);
        const v = this.view.getFloat32(this.pos);
        this.pos += 4;
        return v;
      }
      case 0xcb: {
        this.need(8);
        const v = this.view.getFloat64(this.pos);
        this.pos += 8;
        return v;
      }
      case 0xcc:
        return this.u8();
      case 0xcd:
        return this.u16();
      case 0xce:
        return this.u32();
      case 0xcf: {
        this.need(8);
        const v = this.view.getBigUint64(this.pos);
        this.pos += 8;
        return Number(v);
      }
      case 0xd0: {
        const v = this.u8();
        return v > 0x7f ? v - 0x100 : v;
      }
      case 0xd1: {
        const v = this.u16();
        return v > 0x7fff ? v - 0x10000 : v;
      }
      case 0xd2: {
        this.need(4);
        const v = this.view.getInt32(this.pos);
        this.pos += 4;
        return v;
      }
      case 0xd3: {
        this.need(8);
        const v = this.view.getBigInt64(this.pos);
        this.pos += 8;
        return Number(v);
      }
      case 0xd4: // fixext 1, 2, 4, 8, 16: any extension is an unknown value
        this.take(2);
        return UNKNOWN;
      case 0xd5:
        this.take(3);
        return UNKNOWN;
      case 0xd6:
        this.take(5);
        return UNKNOWN;
      case 0xd7:
        this.take(9);
        return UNKNOWN;
      case 0xd8:
        this.take(17);
        return UNKNOWN;
      case 0xd9:
        return this.str(this.u8());
      case 0xda:
        return this.str(this.u16());
      case 0xdb:
        return this.str(this.u32());
      case 0xdc:
        return this.array(this.u16(), depth);
      case 0xdd:
        return this.array(this.u32(), depth);
      case 0xde:
        return this.map(this.u16(), depth);
      case 0xdf:
        return this.map(this.u32(), depth);
      default:
        throw new ValueCodecError(`msgpack: invalid byte 0x${b.toString(16)}`);
    }
  }
  private array(n: number, depth: number): Raw[] {
    const out: Raw[] = [];
    for (let i = 0; i < n; i++) out.push(this.read(depth + 1));
    return out;
  }
  private map(n: number, depth: number): Map<string, Raw> {
    const out = new Map<string, Raw>();
    for (let i = 0; i < n; i++) {
      const k = this.read(depth + 1);
      if (typeof k !== 'string') throw new ValueCodecError('msgpack: map keys must be strings');
      out.set(k, this.read(depth + 1));
    }
    return out;
  }
}

/** Raw msgpack (or JSON) data → a value of `type` (objects get every attribute; unknown attributes are dropped). */
function conform(raw: unknown, t: TfType, path: string): Value {
  if (raw === null || raw === undefined) return null;
  if (raw === UNKNOWN) return UNKNOWN;
  if (typeof t === 'string') {
    switch (t) {
      case 'string':
        if (typeof raw === 'string') return raw;
        if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
        throw new ValueCodecError(`${path || 'value'}: expected a string`);
      case 'bool':
        if (typeof raw === 'boolean') return raw;
        if (raw === 'true' || raw === 'false') return raw === 'true';
        throw new ValueCodecError(`${path || 'value'}: expected a bool`);
      case 'number':
        if (typeof raw === 'number') return raw;
        if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
        throw new ValueCodecError(`${path || 'value'}: expected a number`);
      default:
        throw new ValueCodecError(`${path || 'value'}: the dynamic type is not supported`);
    }
  }
  const [kind, inner] = t;
  const entries = (): [string, unknown][] =>
    raw instanceof Map ? [...raw.entries()] : typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Uint8Array) ? Object.entries(raw as object) : [];
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(raw)) throw new ValueCodecError(`${path || 'value'}: expected a ${kind}`);
    return raw.map((x, i) => conform(x, inner as TfType, `${path}[${i}]`));
  }
  if (!(raw instanceof Map) && (typeof raw !== 'object' || Array.isArray(raw))) throw new ValueCodecError(`${path || 'value'}: expected ${kind === 'map' ? 'a map' : 'an object'}`);
  const out: ValueObject = {};
  if (kind === 'map') {
    for (const [k, x] of entries()) out[k] = conform(x, inner as TfType, `${path}[${JSON.stringify(k)}]`);
    return out;
  }
  const attrs = inner as Readonly<Record<string, TfType>>;
  const given = new Map(entries());
  for (const [k, at] of Object.entries(attrs)) out[k] = conform(given.get(k), at, path ? `${path}.${k}` : k);
  return out;
}

/** Decode msgpack bytes as a value of `type`; empty input is null (terraform's empty DynamicValue). */
export function decodeValue(bytes: Uint8Array, type: TfType): Value {
  if (bytes.length === 0) return null;
  const r = new Reader(bytes);
  const raw = r.read();
  if (r.pos !== bytes.length) throw new ValueCodecError('msgpack: trailing bytes after the value');
  return conform(raw, type, '');
}

/** Stored state JSON (`raw_state.json`) or DynamicValue.json → a value of `type`. */
export function valueFromJson(json: string | Uint8Array, type: TfType): Value {
  const text = typeof json === 'string' ? json : Buffer.from(json).toString('utf8');
  if (text.trim() === '') return null;
  return conform(JSON.parse(text) as unknown, type, '');
}
