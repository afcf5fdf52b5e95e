/** The msgpack value codec, byte for byte against terraform's (cty's) encoding. */
import { decodeValue, encodeValue, valueFromJson, ValueCodecError } from '../../src/provider/msgpack';
import { UNKNOWN, type TfType, type Value } from '../../src/provider/values';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe('encode: terraform byte forms', () => {
  test.each<[string, unknown, TfType, string]>([
    ['null', null, 'string', 'c0'],
    ['unknown (extension 0)', UNKNOWN, 'string', 'd40000'],
    ['fixstr', 'ab', 'string', 'a26162'],
    ['str8 (32 bytes)', 'x'.repeat(32), 'string', `d920${'78'.repeat(32)}`],
    ['true', true, 'bool', 'c3'],
    ['false', false, 'bool', 'c2'],
    ['positive fixint', 5, 'number', '05'],
    ['uint8', 200, 'number', 'ccc8'],
    ['uint16', 300, 'number', 'cd012c'],
    ['uint32', 70000, 'number', 'ce00011170'],
    ['negative fixint', -1, 'number', 'ff'],
    ['int8', -100, 'number', 'd09c'],
    ['int16', -1000, 'number', 'd1fc18'],
    ['float64', 1.5, 'number', 'cb3ff8000000000000'],
    ['list', ['a', null], ['list', 'string'], '92a161c0'],
    ['set', ['b'], ['set', 'string'], '91a162'],
    ['map keys sorted', { z: 1, a: 2 }, ['map', 'number'], '82a16102a17a01'],
  ])('%s', (_name, value, type, want) => {
    expect(hex(encodeValue(value as never, type))).toBe(want);
  });

  test('an object carries every attribute, sorted, null when unset; nested objects too', () => {
    const type: TfType = ['object', { name: 'string', id: 'string', inner: ['object', { b: 'bool', a: 'number' }] }];
    // {id: unknown, inner: {a: null, b: true}, name: "x"}
    expect(hex(encodeValue({ name: 'x', id: UNKNOWN, inner: { b: true } }, type))).toBe('83 a26964 d40000 a5696e6e6572 82 a161 c0 a162 c3 a46e616d65 a178'.replace(/ /g, ''));
  });

  test('an attribute the type does not have is refused', () => {
    expect(() => encodeValue({ nope: 'x' }, ['object', { id: 'string' }])).toThrow(ValueCodecError);
  });

  test('a value of the wrong kind is refused with its path', () => {
    expect(() => encodeValue({ id: 5 }, ['object', { id: 'string' }])).toThrow('id: expected a string');
  });
});

describe('decode', () => {
  const type: TfType = ['object', { id: 'string', n: 'number', tags: ['set', 'string'], m: ['map', 'string'], o: ['object', { x: 'bool' }] }];

  test('round trip, including unknowns and nulls', () => {
    const v: Value = { id: UNKNOWN, n: -7.25, tags: ['a', 'b'], m: { k: 'v' }, o: null };
    expect(decodeValue(encodeValue(v, type), type)).toEqual(v);
  });

  test('any extension type is unknown (refined unknowns of newer terraform)', () => {
    // {id: fixext1 type 12, n: ext8 len 3 type 5}
    const b = bytes('82 a26964 d40c00 a16e c70305 010203');
    expect(decodeValue(b, ['object', { id: 'string', n: 'number' }])).toEqual({ id: UNKNOWN, n: UNKNOWN });
  });

  test('numbers as ints of every width, float32/64 and decimal strings', () => {
    const t: TfType = ['list', 'number'];
    expect(decodeValue(bytes('97 05 cc c8 cd 012c d2 fffffc18 cf 0000000100000000 ca 3fc00000 a3 312e35'), t)).toEqual([5, 200, 300, -1000, 4294967296, 1.5, 1.5]);
  });

  test('missing attributes read as null; attributes the schema does not know are dropped', () => {
    expect(decodeValue(bytes('82 a26964 a178 a378797a c3'), ['object', { id: 'string', n: 'number' }])).toEqual({ id: 'x', n: null });
  });

  test('empty DynamicValue is null; truncated data is an error', () => {
    expect(decodeValue(new Uint8Array(0), 'string')).toBeNull();
    expect(() => decodeValue(bytes('a3 6162'), 'string')).toThrow('unexpected end');
    expect(() => decodeValue(bytes('c0 c0'), 'string')).toThrow('trailing bytes');
  });
});

describe('raw_state JSON → value (UpgradeResourceState)', () => {
  test('fills every attribute and nested block, drops removed attributes', () => {
    const type: TfType = ['object', { id: 'string', disabled: 'bool', ses: ['object', { region: 'string', set: 'string' }] }];
    expect(valueFromJson('{"id":"a","gone":1,"ses":{"region":"us-east-1"}}', type)).toEqual({ id: 'a', disabled: null, ses: { region: 'us-east-1', set: null } });
  });
});
