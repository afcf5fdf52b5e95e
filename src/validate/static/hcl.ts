/**
 * Reads the HCL literal inside a cdktf `${jsonencode({...})}` string (how `Fn.jsonencode` and the
 * generated modules write policies), so such a policy is checked rather than skipped. Literals
 * (objects, tuples, strings, numbers, bools, null) become plain values; anything only Terraform can
 * evaluate (references, conditionals, operators, most functions) becomes the opaque string
 * `${<expression>}`, which the checks treat like any other unresolved reference. `concat` of tuples
 * is flattened. Bounded nesting: never a RangeError.
 */

export type HclResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

const MAX_DEPTH = 200;

class HclSyntax extends Error {}

interface Val {
  readonly v: unknown;
  /** True when the value is a literal (no part left to Terraform). */
  readonly known: boolean;
}

const IDENT = /[A-Za-z_][\w-]*/y;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const BINARY = /(?:==|!=|<=|>=|&&|\|\||[<>+\-*/%])/y;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.i++;
      else if (c === '#' || (c === '/' && s[this.i + 1] === '/')) {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        this.i = end < 0 ? s.length : end + 2;
      } else return;
    }
  }

  private fail(what: string): never {
    throw new HclSyntax(this.i >= this.s.length ? `unexpected end of the expression (expected ${what})` : `unexpected ${JSON.stringify(this.s[this.i])} at offset ${this.i} (expected ${what})`);
  }

  private opaque(start: number): Val {
    return { v: `\${${this.s.slice(start, this.i).trim()}}`, known: false };
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new HclSyntax(`nested deeper than ${MAX_DEPTH} levels`);
  }

  atEnd(): boolean {
    this.ws();
    return this.i >= this.s.length;
  }

  expr(): Val {
    this.enter();
    const start = this.i;
    const cond = this.binary();
    this.ws();
    let out = cond;
    if (this.s[this.i] === '?') {
      this.i++;
      const yes = this.expr();
      this.ws();
      if (this.s[this.i] !== ':') this.fail('":" of a conditional');
      this.i++;
      const no = this.expr();
      // A condition on literals (a variable read at its default) picks its branch; otherwise only Terraform can.
      out = cond.known && typeof cond.v === 'boolean' ? (cond.v ? yes : no) : this.opaque(start);
    }
    this.depth--;
    return out;
  }

  private binary(): Val {
    const start = this.i;
    let left = this.unary();
    for (;;) {
      this.ws();
      BINARY.lastIndex = this.i;
      const m = BINARY.exec(this.s);
      if (!m || (m[0] === '/' && this.s[this.i + 1] === '/')) return left;
      this.i += m[0].length;
      this.ws();
      const right = this.unary();
      const scalar = (x: Val): boolean => x.known && (x.v === null || typeof x.v !== 'object');
      if ((m[0] === '==' || m[0] === '!=') && scalar(left) && scalar(right)) left = { v: (left.v === right.v) === (m[0] === '=='), known: true };
      else if ((m[0] === '&&' || m[0] === '||') && left.known && right.known && typeof left.v === 'boolean' && typeof right.v === 'boolean') left = { v: m[0] === '&&' ? left.v && right.v : left.v || right.v, known: true };
      else left = this.opaque(start);
    }
  }

  private unary(): Val {
    this.ws();
    const start = this.i;
    if (this.s[this.i] === '!' || this.s[this.i] === '-') {
      const op = this.s[this.i];
      this.i++;
      this.enter();
      const v = this.unary();
      this.depth--;
      if (op === '!' && v.known && typeof v.v === 'boolean') return { v: !v.v, known: true };
      return this.opaque(start);
    }
    return this.postfix();
  }

  private postfix(): Val {
    const start = this.i;
    let v = this.primary();
    for (;;) {
      const save = this.i;
      this.ws();
      const c = this.s[this.i];
      if (c === '.' && this.s[this.i + 1] !== '.') {
        this.i++;
        if (this.s[this.i] === '*') this.i++;
        else {
          IDENT.lastIndex = this.i;
          NUMBER.lastIndex = this.i;
          const m = IDENT.exec(this.s) ?? NUMBER.exec(this.s);
          if (!m) this.fail('an attribute name');
          this.i += m[0].length;
        }
        v = this.opaque(start);
      } else if (c === '[') {
        this.i++;
        this.ws();
        if (this.s[this.i] === '*') this.i++;
        else this.expr();
        this.ws();
        if (this.s[this.i] !== ']') this.fail('"]"');
        this.i++;
        v = this.opaque(start);
      } else {
        this.i = save;
        return v;
      }
    }
  }

  private primary(): Val {
    this.ws();
    const s = this.s;
    const c = s[this.i];
    const start = this.i;
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.string();
    if (c === '(') {
      this.i++;
      const v = this.expr();
      this.ws();
      if (s[this.i] !== ')') this.fail('")"');
      this.i++;
      return v;
    }
    NUMBER.lastIndex = this.i;
    const num = NUMBER.exec(s);
    if (num) {
      this.i += num[0].length;
      return { v: Number(num[0]), known: true };
    }
    IDENT.lastIndex = this.i;
    const id = IDENT.exec(s);
    if (!id) this.fail('a value');
    this.i += id[0].length;
    const name = id[0];
    const save = this.i;
    this.ws();
    if (s[this.i] === '(' ) return this.call(name, start);
    this.i = save;
    if (name === 'true') return { v: true, known: true };
    if (name === 'false') return { v: false, known: true };
    if (name === 'null') return { v: null, known: true };
    return this.opaque(start);
  }

  private call(name: string, start: number): Val {
    this.i++; // (
    this.enter();
    const args: Val[] = [];
    let expanded = false;
    for (;;) {
      this.ws();
      if (this.s[this.i] === ')') break;
      args.push(this.expr());
      this.ws();
      if (this.s.startsWith('...', this.i)) {
        expanded = true;
        this.i += 3;
        this.ws();
      }
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== ')') this.fail('"," or ")" in a call');
    }
    this.i++;
    this.depth--;
    if (name === 'jsonencode' && args.length === 1 && !expanded) return args[0];
    if (name === 'concat' && !expanded) {
      const items: unknown[] = [];
      let known = true;
      for (const a of args) {
        if (Array.isArray(a.v)) items.push(...(a.v as unknown[]));
        else items.push(a.v);
        known = known && a.known && Array.isArray(a.v);
      }
      return { v: items, known };
    }
    return this.opaque(start);
  }

  private object(): Val {
    const start = this.i;
    this.i++;
    this.enter();
    this.ws();
    if (/^for\b/.test(this.s.slice(this.i, this.i + 4))) return this.skipTo('}', start);
    const out: Record<string, unknown> = {};
    let known = true;
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') break;
      let key: string;
      if (this.s[this.i] === '"') {
        const k = this.string();
        key = String(k.v);
      } else if (this.s[this.i] === '(') {
        const k = this.primary();
        key = String(k.v);
      } else {
        IDENT.lastIndex = this.i;
        const m = IDENT.exec(this.s);
        if (!m) this.fail('an object key');
        key = m[0];
        this.i += m[0].length;
      }
      this.ws();
      if (this.s[this.i] !== '=' && this.s[this.i] !== ':') this.fail('"=" after an object key');
      this.i++;
      const v = this.expr();
      known = known && v.known;
      Object.defineProperty(out, key, { value: v.v, enumerable: true, writable: true, configurable: true });
      this.ws();
      if (this.s[this.i] === ',') this.i++;
    }
    this.i++;
    this.depth--;
    return { v: out, known };
  }

  private tuple(): Val {
    const start = this.i;
    this.i++;
    this.enter();
    this.ws();
    if (/^for\b/.test(this.s.slice(this.i, this.i + 4))) return this.skipTo(']', start);
    const out: unknown[] = [];
    let known = true;
    for (;;) {
      this.ws();
      if (this.s[this.i] === ']') break;
      const v = this.expr();
      known = known && v.known;
      out.push(v.v);
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== ']') this.fail('"," or "]" in a tuple');
    }
    this.i++;
    this.depth--;
    return { v: out, known };
  }

  /** A `for` expression: skip to its matching bracket (strings respected); opaque. */
  private skipTo(close: string, start: number): Val {
    let depth = 1;
    while (this.i < this.s.length && depth > 0) {
      const c = this.s[this.i];
      if (c === '"') {
        this.string();
        continue;
      }
      if (c === '{' || c === '[' || c === '(') depth++;
      else if (c === '}' || c === ']' || c === ')') depth--;
      this.i++;
    }
    if (depth > 0) this.fail(`"${close}"`);
    this.depth--;
    return this.opaque(start);
  }

  /** A quoted template: escapes decoded; `${...}` interpolations kept as written (unresolved). */
  private string(): Val {
    const s = this.s;
    this.i++;
    let out = '';
    let known = true;
    while (this.i < s.length && s[this.i] !== '"') {
      const c = s[this.i];
      if (c === '\\') {
        const e = s[this.i + 1];
        const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          const hex = s.slice(this.i + 2, this.i + 2 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail('a unicode escape');
          out += String.fromCodePoint(parseInt(hex, 16));
          this.i += 2 + len;
          continue;
        }
        if (!(e in map)) this.fail('a valid escape');
        out += map[e];
        this.i += 2;
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
        out += `${c}{`; // $${ is a literal ${
        this.i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === '{') {
        const start = this.i;
        this.i += 2;
        this.enter();
        this.ws();
        if (s[this.i] === '~') this.i++;
        this.expr();
        this.ws();
        if (s[this.i] === '~') this.i++;
        if (s[this.i] !== '}') this.fail('"}" closing an interpolation');
        this.i++;
        this.depth--;
        out += s.slice(start, this.i).replace(/^%/, '$');
        known = false;
        continue;
      }
      out += c;
      this.i++;
    }
    if (s[this.i] !== '"') this.fail('a closing quote');
    this.i++;
    return { v: out, known };
  }
}

/**
 * If `text` is exactly `${jsonencode(<expression>)}`, the value of the expression (references left as
 * `${...}` strings); `undefined` when it is not a jsonencode string.
 */
export function readJsonencode(text: string): HclResult | undefined {
  const t = text.trim();
  if (!/^\$\{/.test(t) || !/\bjsonencode\s*\(/.test(t) || !t.endsWith('}')) return undefined;
  const p = new Parser(t.slice(2, -1));
  try {
    const v = p.expr();
    if (!p.atEnd()) return { ok: false, reason: 'the jsonencode(...) expression is followed by more text' };
    if (typeof v.v === 'string' && v.v.startsWith('${')) return { ok: false, reason: 'the policy is a Terraform expression (a conditional, function or reference around jsonencode) that only Terraform can evaluate' };
    return { ok: true, value: v.v };
  } catch (err: unknown) {
    if (err instanceof HclSyntax) return { ok: false, reason: `the jsonencode(...) expression cannot be read: ${err.message}` };
    throw err;
  }
}

/** Evaluate a whole `${...}` expression made only of literals (variables already read at their defaults); `undefined` when Terraform is needed. */
export function evaluateLiteralExpression(text: string): { readonly value: unknown } | undefined {
  const t = text.trim();
  if (!t.startsWith('${') || !t.endsWith('}')) return undefined;
  const p = new Parser(t.slice(2, -1));
  try {
    const v = p.expr();
    return p.atEnd() && v.known ? { value: v.v } : undefined;
  } catch (err: unknown) {
    if (err instanceof HclSyntax) return undefined;
    throw err;
  }
}
