/** Minimal protobuf helpers over @bufbuild/protobuf's binary reader/writer (hand-written message codecs). */
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

export { BinaryWriter, WireType };

/** A decoded message: field number → raw occurrences (bytes for length-delimited, bigint for varints). */
export type Fields = Map<number, (Uint8Array | bigint)[]>;

export function readFields(buf: Uint8Array): Fields {
  const r = new BinaryReader(buf);
  const out: Fields = new Map();
  while (r.pos < r.len) {
    const [no, wt] = r.tag();
    let v: Uint8Array | bigint;
    if (wt === WireType.LengthDelimited) v = r.bytes();
    else if (wt === WireType.Varint) v = BigInt(r.uint64());
    else {
      r.skip(wt, no);
      continue;
    }
    const list = out.get(no);
    if (list) list.push(v);
    else out.set(no, [v]);
  }
  return out;
}

export function fieldBytes(f: Fields, no: number): Uint8Array | undefined {
  const v = f.get(no)?.at(-1);
  return v instanceof Uint8Array ? v : undefined;
}

export function fieldString(f: Fields, no: number): string {
  const b = fieldBytes(f, no);
  return b ? Buffer.from(b).toString('utf8') : '';
}

export function fieldInt(f: Fields, no: number): number {
  const v = f.get(no)?.at(-1);
  return typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : 0;
}

/** Write a sub-message (skipped when `write` is undefined). */
export function message(w: BinaryWriter, no: number, write: ((w: BinaryWriter) => void) | undefined): void {
  if (!write) return;
  w.tag(no, WireType.LengthDelimited).fork();
  write(w);
  w.join();
}

export function str(w: BinaryWriter, no: number, v: string | undefined): void {
  if (v) w.tag(no, WireType.LengthDelimited).string(v);
}

export function bytes(w: BinaryWriter, no: number, v: Uint8Array | undefined): void {
  if (v && v.length) w.tag(no, WireType.LengthDelimited).bytes(v);
}

export function bool(w: BinaryWriter, no: number, v: boolean | undefined): void {
  if (v) w.tag(no, WireType.Varint).bool(true);
}

export function int(w: BinaryWriter, no: number, v: number | undefined): void {
  if (v) w.tag(no, WireType.Varint).int64(v);
}

export function encode(write: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  write(w);
  return w.finish();
}
