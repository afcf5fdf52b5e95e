/**
 * A JSON parser that refuses what `JSON.parse` silently accepts: a duplicate key in one object (JSON.parse
 * keeps the last one, so `"sts:ExternalId":"attacker","sts:ExternalId":"<real>"` reads as the real one)
 * and nesting deeper than a limit (later recursive walks would end in a RangeError). A leading UTF-8
 * BOM is accepted. It never recurses: depth is bounded by the limit, not by the call stack.
 */

export interface StrictJsonOptions {
  /** Deepest nesting of arrays/objects accepted. @default 256 */
  readonly maxDepth?: number;
}

export type StrictJsonResult =
  | { readonly ok: true; readonly value: unknown; readonly duplicates: readonly string[] }
  | { readonly ok: false; readonly reason: string; readonly tooDeep?: boolean };

export const DEFAULT_MAX_DEPTH = 256;

class JsonSyntax extends Error {
  constructor(
    message: string,
    readonly tooDeep = false,
  ) {
    super(message);
  }
}

interface Frame {
  readonly container: Record<string, unknown> | unknown[];
  readonly isArray: boolean;
  /** Object keys seen (objects only). */
  readonly keys?: Set<string>;
  /** Pending key for the next value (objects only). */
  key?: string;
  readonly path: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

const TOKEN = /"(?:[^"\\]|\\.)*"(\s*:)?|[[\]{}]/g;

/**
 * Fast path: scan the tokens once with a stack of key sets (no values built); when no object repeats a
 * key and the nesting stays within the limit, the native parser gives the same value. Otherwise (or on
 * a syntax error) the strict parser runs, to word the problem and give its exact path.
 */
function fastParse(s: string, maxDepth: number): StrictJsonResult | undefined {
  const stack: (Set<string> | undefined)[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(s); m !== null; m = TOKEN.exec(s)) {
    const t = m[0];
    const c = t.charCodeAt(0);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return undefined;
      stack.push(c === 0x7b ? new Set() : undefined);
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      stack.pop();
      continue;
    }
    if (m[1] === undefined) continue;
    const keys = stack[stack.length - 1];
    if (!keys) return undefined; // a key outside an object: a syntax error, worded by the strict parser
    let key = t.slice(1, t.lastIndexOf('"'));
    if (key.includes('\\')) {
      try {
        key = JSON.parse(`"${key}"`) as string;
      } catch {
        return undefined;
      }
    }
    if (keys.has(key)) return undefined;
    keys.add(key);
  }
  try {
    return { ok: true, value: JSON.parse(s) as unknown, duplicates: [] };
  } catch {
    return undefined;
  }
}

/** Parse `text`; duplicates are reported (last value kept, as JSON.parse does), syntax errors and excess depth fail. */
export function parseStrictJson(text: string, options: StrictJsonOptions = {}): StrictJsonResult {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return fastParse(s, maxDepth) ?? parseStrictJsonSlow(s, options);
}

function parseStrictJsonSlow(text: string, options: StrictJsonOptions): StrictJsonResult {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = s.length;
  let i = 0;
  const duplicates: string[] = [];
  const stack: Frame[] = [];

  const ws = (): void => {
    while (i < n && WS.has(s.charCodeAt(i))) i++;
  };
  const fail = (what: string): never => {
    throw new JsonSyntax(i >= n ? `unexpected end of input (${what})` : `unexpected ${JSON.stringify(s[i])} at position ${i} (${what})`);
  };
  const str = (): string => {
    // s[i] === '"'
    const start = ++i;
    let simple = true;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        simple = false;
        i += 2;
        continue;
      }
      if (c < 0x20) fail('control character in a string');
      i++;
    }
    if (i >= n) fail('unterminated string');
    const raw = s.slice(start, i);
    i++;
    if (simple) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      i = start;
      return fail('invalid escape in a string');
    }
  };
  const NUM = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const scalar = (): unknown => {
    const c = s[i];
    if (c === '"') return str();
    if (s.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (s.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (s.startsWith('null', i)) {
      i += 4;
      return null;
    }
    NUM.lastIndex = i;
    const m = NUM.exec(s);
    if (!m) return fail('a value');
    i += m[0].length;
    return Number(m[0]);
  };

  let root: unknown;
  let done = false;
  /** Place a finished value into the enclosing container (or as the root). */
  const place = (v: unknown): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = v;
      done = true;
      return;
    }
    if (top.isArray) (top.container as unknown[]).push(v);
    else {
      const k = top.key as string;
      if (top.keys?.has(k)) duplicates.push(pathOf(top.path, k));
      top.keys?.add(k);
      Object.defineProperty(top.container, k, { value: v, enumerable: true, writable: true, configurable: true });
      top.key = undefined;
    }
  };
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '$';
    return top.isArray ? pathOf(top.path, (top.container as unknown[]).length) : pathOf(top.path, top.key as string);
  };
  const open = (isArray: boolean): void => {
    if (stack.length >= maxDepth) throw new JsonSyntax(`nested deeper than ${maxDepth} levels`, true);
    const p = childPath();
    stack.push(isArray ? { container: [], isArray: true, path: p } : { container: {}, isArray: false, keys: new Set(), path: p });
    i++;
  };

  try {
    ws();
    // value position
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top && !top.isArray && top.key === undefined) {
        // expecting a key or '}'
        if (s[i] === '}' && top.keys?.size === 0) {
          i++;
          stack.pop();
          place(top.container);
        } else {
          if (s[i] !== '"') fail('an object key');
          top.key = str();
          ws();
          if (s[i] !== ':') fail('":" after a key');
          i++;
          continue;
        }
      } else if (top && top.isArray && s[i] === ']' && (top.container as unknown[]).length === 0) {
        i++;
        stack.pop();
        place(top.container);
      } else {
        const c = s[i];
        if (c === '{') {
          open(false);
          continue;
        }
        if (c === '[') {
          open(true);
          continue;
        }
        place(scalar());
      }
      // after a value: ',' or a closing bracket, repeatedly
      for (;;) {
        ws();
        if (done) break;
        const t = stack[stack.length - 1];
        if (s[i] === ',') {
          i++;
          break;
        }
        if ((t.isArray && s[i] === ']') || (!t.isArray && s[i] === '}')) {
          i++;
          stack.pop();
          place(t.container);
          continue;
        }
        fail(t.isArray ? '"," or "]"' : '"," or "}"');
      }
      if (done) break;
    }
    ws();
    if (i < n) fail('end of input');
    return { ok: true, value: root, duplicates };
  } catch (err: unknown) {
    if (err instanceof JsonSyntax) return { ok: false, reason: err.message, ...(err.tooDeep ? { tooDeep: true } : {}) };
    throw err;
  }
}
