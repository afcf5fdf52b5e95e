/**
 * Loads what the static checks read: a cdktf synthesized stack (`cdk.tf.json`, a stack directory or
 * `cdktf.out`) or a `terraform show -json` plan, normalised into one list of resources.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { C1AwsError } from '../../errors';
import { evaluateLiteralExpression } from './hcl';
import { UNKNOWN_AFTER_APPLY } from './model';
import { parseStrictJson } from './strict-json';

export interface StackResource {
  /** `aws_iam_role.c1` (plan: the full module address). */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** Stack (cdktf) or `plan`. */
  readonly stack: string;
  /** Attribute values; references in cdktf stacks stay as `${...}` strings. */
  readonly values: Readonly<Record<string, unknown>>;
  /** How many instances (`count`), 1 when not counted. */
  readonly count: number;
}

export interface StaticInput {
  readonly kind: 'cdktf' | 'plan';
  readonly source: string;
  readonly resources: readonly StackResource[];
  /** Output values by name (unknown outputs are absent). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The aws provider's region, when set as a literal. */
  readonly region?: string;
}

export class InputError extends C1AwsError {
  constructor(message: string, fix: string) {
    super('C1AWS_VALIDATE_INPUT', message, { fix });
  }
}

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * `count` as written: a number, or a `${cond ? N : M}` conditional as the generated modules write it
 * (the larger branch: what the stack creates when the feature is on). Anything else counts as 1.
 */
export function countOf(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string') {
    const lit = /^\s*(\d+)\s*$/.exec(v);
    if (lit) return Number(lit[1]);
    const known = evaluateLiteralExpression(v);
    if (known && typeof known.value === 'number' && Number.isInteger(known.value) && known.value >= 0) return known.value;
    const cond = /\?\s*(\d+)\s*:\s*(\d+)\s*\}\s*$/.exec(v);
    if (cond) return Math.max(Number(cond[1]), Number(cond[2]));
  }
  return 1;
}

/** `${var.NAME}` references replaced by the variable's literal default (a generated module's JSON). */
function withVariableDefaults(json: Json): Json {
  const defaults = new Map<string, string>();
  /** Defaults as HCL literals, for `var.NAME` inside a larger expression (`${var.x ? jsonencode(...) : ...}`). */
  const literals = new Map<string, string>();
  for (const [k, v] of Object.entries(isObj(json.variable) ? json.variable : {})) {
    if (isObj(v) && (typeof v.default === 'string' || typeof v.default === 'number' || typeof v.default === 'boolean')) defaults.set(k, String(v.default));
    // A null default means "not set": the expression stays Terraform's (a precondition may require the variable).
    if (isObj(v) && 'default' in v && (typeof v.default === 'number' || typeof v.default === 'boolean' || (typeof v.default === 'string' && !v.default.includes('${')))) literals.set(k, JSON.stringify(v.default));
  }
  if (defaults.size === 0 && literals.size === 0) return json;
  const sub = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = /^\$\{var\.([\w-]+)\}$/.exec(v);
      if (whole && defaults.has(whole[1])) return defaults.get(whole[1]);
      if (/^\$\{[\s\S]*\}$/.test(v) && !whole) {
        // One whole expression: var.NAME (not inside a quoted string) becomes its default literal.
        return v.replace(/"(?:[^"\\]|\\.)*"|(?<![\w.])var\.([A-Za-z_][\w-]*)(?![\w-])/g, (m, name: string | undefined) => (name !== undefined ? (literals.get(name) ?? m) : m));
      }
      return v.replace(/\$\{var\.([\w-]+)\}/g, (m, name: string) => defaults.get(name) ?? m);
    }
    if (Array.isArray(v)) return v.map(sub);
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sub(x)]));
    return v;
  };
  return { ...json, resource: sub(json.resource), output: sub(json.output) };
}

/** A cdktf synthesized stack (`cdk.tf.json` content), or a generated module's `main.tf.json` (variables read at their defaults). */
export function fromCdktfStack(raw: Json, stack: string, source: string): StaticInput {
  const json = withVariableDefaults(raw);
  const resources: StackResource[] = [];
  const byType = objAt(source, '$.resource', json.resource) ?? {};
  objAt(source, '$.output', json.output);
  for (const [type, named] of Object.entries(byType)) {
    objAt(source, `$.resource.${type}`, named, false);
    for (const [name, values] of Object.entries(named as Json)) {
      objAt(source, `$.resource.${type}.${name}`, values, false);
      if (!isObj(values)) continue;
      resources.push({ address: `${type}.${name}`, type, name, stack, values, count: countOf(values.count) });
    }
  }
  const outputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(isObj(json.output) ? json.output : {})) if (isObj(v)) outputs[k] = v.value;
  const provider = isObj(json.provider) ? json.provider : {};
  const aws = Array.isArray(provider.aws) ? provider.aws[0] : provider.aws;
  const region = isObj(aws) && typeof aws.region === 'string' && !aws.region.includes('${') ? aws.region : undefined;
  return { kind: 'cdktf', source, resources, outputs, ...(region ? { region } : {}) };
}

/** `plan.json: $.planned_values.root_module.resources[3].values`: the input and the JSON path of a wrong type. */
function wrongType(source: string, where: string, want: string, got: unknown): InputError {
  const kind = got === null ? 'null' : Array.isArray(got) ? 'a list' : typeof got;
  return new InputError(`${source} has the wrong shape: ${where} must be ${want}, not ${kind}.`, 'pass the unmodified output of `terraform show -json plan.out` or a cdktf cdk.tf.json (regenerate it rather than editing it)');
}

function objAt(source: string, where: string, v: unknown, optional = true): Json | undefined {
  if (v === undefined && optional) return undefined;
  if (!isObj(v)) throw wrongType(source, where, 'an object', v);
  return v;
}

function listAt(source: string, where: string, v: unknown): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw wrongType(source, where, 'a list', v);
  return v;
}

function strAt(source: string, where: string, v: unknown): string {
  if (typeof v !== 'string') throw wrongType(source, where, 'a string', v);
  return v;
}

/** `module.a["x"].module.b.aws_iam_role.r[0]` → module path without instance keys (`module.a.module.b`) and `aws_iam_role.r`. */
function splitAddress(address: string, type: string, name: string): { modulePath: string; local: string } {
  const at = address.lastIndexOf(`${type}.${name}`);
  const prefix = at > 0 ? address.slice(0, at).replace(/\.$/, '') : '';
  return { modulePath: prefix.replace(/\[[^\]]*\]/g, ''), local: `${type}.${name}` };
}

/** References of each attribute of each resource in the plan's configuration, by `<module path>|<type.name>`. */
function configReferences(source: string, json: Json): Map<string, Record<string, string[]>> {
  const out = new Map<string, Record<string, string[]>>();
  const cfg = objAt(source, '$.configuration', json.configuration);
  const walk = (mod: unknown, where: string, modulePath: string, depth: number): void => {
    if (depth > 64) throw new InputError(`${source}: modules are nested deeper than 64 levels.`, 'pass the unmodified output of `terraform show -json plan.out`');
    const m = objAt(source, where, mod);
    if (!m) return;
    listAt(source, `${where}.resources`, m.resources).forEach((r, i) => {
      const at = `${where}.resources[${i}]`;
      const res = objAt(source, at, r, false) as Json;
      const address = strAt(source, `${at}.address`, res.address);
      const refs: Record<string, string[]> = {};
      for (const [attr, e] of Object.entries(objAt(source, `${at}.expressions`, res.expressions) ?? {})) {
        if (isObj(e) && Array.isArray(e.references)) refs[attr] = e.references.filter((x): x is string => typeof x === 'string');
      }
      out.set(`${modulePath}|${address}`, refs);
    });
    for (const [name, call] of Object.entries(objAt(source, `${where}.module_calls`, m.module_calls) ?? {})) {
      const c = objAt(source, `${where}.module_calls.${name}`, call, false) as Json;
      walk(c.module, `${where}.module_calls.${name}.module`, modulePath === '' ? `module.${name}` : `${modulePath}.module.${name}`, depth + 1);
    }
  };
  if (cfg) walk(cfg.root_module, '$.configuration.root_module', '', 0);
  return out;
}

/**
 * Values as the checks read them: an attribute the plan knows only after apply becomes a `${<reference>}`
 * string when the configuration says what it refers to (so links between resources still resolve), else
 * `${known after apply}`; an unknown policy becomes UNKNOWN_AFTER_APPLY (the checks say so).
 */
function withUnknowns(values: Json, unknown: unknown, refs: Record<string, string[]> | undefined): Json {
  if (!isObj(unknown)) return values;
  const out: Json = { ...values };
  for (const [k, u] of Object.entries(unknown)) {
    if (u !== true || (k in values && values[k] !== null)) continue;
    if (/(^|_)policy$/.test(k)) out[k] = UNKNOWN_AFTER_APPLY;
    else {
      const ref = refs?.[k]?.find((r) => /^[a-z][a-z0-9_]*\.[\w-]+\./.test(r) && !r.startsWith('var.') && !r.startsWith('local.'));
      out[k] = ref ? `\${${ref}}` : '${known after apply}';
    }
  }
  return out;
}

/** `terraform show -json` of a plan (planned_values, else resource_changes) or of a state (values). Wrong types are an InputError. */
export function fromTerraformJson(json: Json, source: string): StaticInput {
  const resources: StackResource[] = [];
  const plannedKey = 'planned_values' in json ? 'planned_values' : 'values' in json ? 'values' : undefined;
  const planned = plannedKey ? objAt(source, `$.${plannedKey}`, json[plannedKey]) : undefined;
  const refs = configReferences(source, json);
  const changes = listAt(source, '$.resource_changes', json.resource_changes);
  const unknownOf = new Map<string, unknown>();
  changes.forEach((rc, i) => {
    const at = `$.resource_changes[${i}]`;
    const c = objAt(source, at, rc, false) as Json;
    strAt(source, `${at}.address`, c.address);
    const ch = objAt(source, `${at}.change`, c.change, false) as Json;
    listAt(source, `${at}.change.actions`, ch.actions).forEach((a, j) => strAt(source, `${at}.change.actions[${j}]`, a));
    if (ch.after !== null) objAt(source, `${at}.change.after`, ch.after);
    unknownOf.set(c.address as string, ch.after_unknown);
  });
  const resource = (r: Json, at: string, values: unknown, unknown: unknown): void => {
    const address = strAt(source, `${at}.address`, r.address);
    const type = strAt(source, `${at}.type`, r.type);
    const name = strAt(source, `${at}.name`, r.name);
    const v = values === null || values === undefined ? {} : (objAt(source, `${at}.values`, values) as Json);
    const { modulePath, local } = splitAddress(address, type, name);
    const attrRefs = refs.get(`${modulePath}|${local}`);
    resources.push({ address, type, name, stack: modulePath === '' ? 'plan' : `plan:${modulePath}`, values: withUnknowns(v, unknown, attrRefs), count: 1 });
  };
  const walk = (mod: unknown, where: string, depth: number): void => {
    if (depth > 64) throw new InputError(`${source}: modules are nested deeper than 64 levels.`, 'pass the unmodified output of `terraform show -json plan.out`');
    const m = objAt(source, where, mod);
    if (!m) return;
    listAt(source, `${where}.resources`, m.resources).forEach((r, i) => {
      const at = `${where}.resources[${i}]`;
      const res = objAt(source, at, r, false) as Json;
      if (res.mode === 'data') return;
      resource(res, at, res.values, unknownOf.get(String(res.address)));
    });
    listAt(source, `${where}.child_modules`, m.child_modules).forEach((c, i) => walk(c, `${where}.child_modules[${i}]`, depth + 1));
  };
  if (planned) walk(planned.root_module, `$.${plannedKey}.root_module`, 0);
  if (resources.length === 0) {
    changes.forEach((rc, i) => {
      const c = rc as Json;
      const ch = c.change as Json;
      if (c.mode === 'data') return;
      const actions = (ch.actions as string[] | undefined) ?? [];
      if (actions.length === 1 && actions[0] === 'delete') return;
      resource(c, `$.resource_changes[${i}]`, ch.after, ch.after_unknown);
    });
  }
  const outputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(planned ? (objAt(source, `$.${plannedKey}.outputs`, planned.outputs) ?? {}) : {})) if (isObj(v) && 'value' in v) outputs[k] = v.value;
  const cfg = isObj(json.configuration) && isObj(json.configuration.provider_config) ? json.configuration.provider_config : {};
  const aws = isObj(cfg.aws) && isObj(cfg.aws.expressions) ? cfg.aws.expressions : {};
  const region = isObj(aws.region) && typeof aws.region.constant_value === 'string' ? aws.region.constant_value : undefined;
  return { kind: 'plan', source, resources, outputs, ...(region ? { region } : {}) };
}

/** Recognise the JSON's kind and normalise it. */
export function fromJson(json: unknown, source: string, stack = 'stack'): StaticInput {
  if (!isObj(json)) throw new InputError(`${source} is not a JSON object.`, 'pass a cdktf cdk.tf.json or the output of `terraform show -json plan.out`');
  if ('planned_values' in json || 'resource_changes' in json || 'format_version' in json) return fromTerraformJson(json, source);
  if ('resource' in json || 'terraform' in json || '//' in json) return fromCdktfStack(json, stack, source);
  throw new InputError(
    `${source} is neither a cdktf synthesized stack (no "resource" key) nor a terraform JSON plan (no "planned_values"/"resource_changes").`,
    'pass cdktf.out/stacks/<name>/cdk.tf.json, a cdktf.out directory, or `terraform show -json plan.out > plan.json`',
  );
}

/** Largest input read. @default 256 MiB */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Read a regular file (never a FIFO, device or socket: they may never end), at most MAX_INPUT_BYTES, BOM stripped. */
export function readInputText(file: string, what = 'input'): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as Error).message}.`, 'check the path');
  }
  if (!st.isFile()) {
    const kind = st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : st.isDirectory() ? 'a directory' : 'not a regular file';
    throw new InputError(`${what} ${file} is ${kind}; only regular files are read (a pipe or a device may never end).`, 'write the JSON to a file first, e.g. `terraform show -json plan.out > plan.json`');
  }
  if (st.size > MAX_INPUT_BYTES) throw new InputError(`${what} ${file} is ${st.size} bytes, over the ${MAX_INPUT_BYTES}-byte limit.`, 'pass the synthesized stack or plan JSON itself, not an archive or a log');
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const again = fs.fstatSync(fd);
    if (!again.isFile()) throw new InputError(`${what} ${file} changed into something other than a regular file while it was opened.`, 'pass a regular file');
    const buf = Buffer.alloc(Math.min(again.size, MAX_INPUT_BYTES) + 1);
    let n = 0;
    for (;;) {
      const r = fs.readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n >= buf.length) throw new InputError(`${what} ${file} grew while it was read.`, 'pass a file that is not being written');
    }
    const text = buf.toString('utf8', 0, n);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read ${file}: ${(err as Error).message}.`, 'check the path and its permissions');
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readJson(file: string): unknown {
  const text = readInputText(file);
  const parsed = parseStrictJson(text);
  if (!parsed.ok) {
    throw new InputError(`${file} is not valid JSON (${parsed.reason}).`, parsed.tooDeep ? 'pass the synthesized stack or the plan JSON as terraform/cdktf write it' : 'for a plan, use `terraform show -json plan.out > plan.json` (not the binary plan file)');
  }
  if (parsed.duplicates.length > 0) {
    throw new InputError(`${file} is ambiguous: the key ${parsed.duplicates[0]} occurs twice in one object${parsed.duplicates.length > 1 ? ` (and ${parsed.duplicates.length - 1} more)` : ''}; tools disagree on which one counts.`, 'remove the duplicate key (cdktf and terraform never write one: regenerate the file)');
  }
  return parsed.value;
}

/** Merge several stacks into one input (resources keep their stack name). */
export function mergeInputs(inputs: readonly StaticInput[]): StaticInput {
  if (inputs.length === 1) return inputs[0];
  const outputs: Record<string, unknown> = {};
  for (const i of inputs) for (const [k, v] of Object.entries(i.outputs)) outputs[`${i.resources[0]?.stack ?? 'stack'}.${k}`] = v;
  const region = inputs.find((i) => i.region)?.region;
  return {
    kind: inputs[0].kind,
    source: inputs.map((i) => i.source).join(', '),
    resources: inputs.flatMap((i) => i.resources.map((r) => ({ ...r, address: `${r.stack}/${r.address}` }))),
    outputs,
    ...(region ? { region } : {}),
  };
}

/**
 * Load a file or directory: a JSON file (stack or plan), a stack directory holding `cdk.tf.json`,
 * a `cdktf.out` directory (every stack under `stacks/`, or only `stack`), or a project dir holding `cdktf.out`.
 */
export function loadInput(p: string, stack?: string): StaticInput {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    throw new InputError(`input ${p} does not exist.`, 'run `npx cdktf synth` first (it writes cdktf.out/), or pass a `terraform show -json` plan file');
  }
  if (st.isFile()) return fromJson(readJson(p), p, stack ?? path.basename(path.dirname(p)));
  if (!st.isDirectory()) readInputText(p); // throws: a FIFO, device or socket is refused, never read
  if (fs.existsSync(path.join(p, 'cdk.tf.json'))) return loadInput(path.join(p, 'cdk.tf.json'), stack);
  const stacksDir = fs.existsSync(path.join(p, 'stacks')) ? path.join(p, 'stacks') : fs.existsSync(path.join(p, 'cdktf.out', 'stacks')) ? path.join(p, 'cdktf.out', 'stacks') : undefined;
  if (!stacksDir) throw new InputError(`${p} holds no cdk.tf.json and no stacks/ folder.`, 'run `npx cdktf synth` and pass cdktf.out, or pass a JSON file');
  const names = fs.readdirSync(stacksDir).filter((n) => fs.existsSync(path.join(stacksDir, n, 'cdk.tf.json'))).sort();
  const chosen = stack ? names.filter((n) => n === stack) : names;
  if (chosen.length === 0) {
    throw new InputError(stack ? `stack "${stack}" is not in ${stacksDir} (found: ${names.join(', ') || 'none'}).` : `${stacksDir} holds no synthesized stack.`, 'run `npx cdktf synth`, then pass --stack with one of the names found');
  }
  return mergeInputs(chosen.map((n) => fromCdktfStack(readJson(path.join(stacksDir, n, 'cdk.tf.json')) as Json, n, path.join(stacksDir, n, 'cdk.tf.json'))));
}
