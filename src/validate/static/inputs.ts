/**
 * Loads what the static checks read: a cdktf synthesized stack (`cdk.tf.json`, a stack directory or
 * `cdktf.out`) or a `terraform show -json` plan, normalised into one list of resources.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { C1AwsError } from '../../errors';

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
    const cond = /\?\s*(\d+)\s*:\s*(\d+)\s*\}\s*$/.exec(v);
    if (cond) return Math.max(Number(cond[1]), Number(cond[2]));
  }
  return 1;
}

/** `${var.NAME}` references replaced by the variable's literal default (a generated module's JSON). */
function withVariableDefaults(json: Json): Json {
  const defaults = new Map<string, string>();
  for (const [k, v] of Object.entries(isObj(json.variable) ? json.variable : {})) {
    if (isObj(v) && (typeof v.default === 'string' || typeof v.default === 'number' || typeof v.default === 'boolean')) defaults.set(k, String(v.default));
  }
  if (defaults.size === 0) return json;
  const sub = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = /^\$\{var\.([\w-]+)\}$/.exec(v);
      if (whole && defaults.has(whole[1])) return defaults.get(whole[1]);
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
  const byType = isObj(json.resource) ? json.resource : {};
  for (const [type, named] of Object.entries(byType)) {
    if (!isObj(named)) continue;
    for (const [name, values] of Object.entries(named)) {
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

function walkModule(mod: unknown, out: StackResource[]): void {
  if (!isObj(mod)) return;
  for (const r of Array.isArray(mod.resources) ? mod.resources : []) {
    if (!isObj(r) || r.mode === 'data' || typeof r.type !== 'string' || typeof r.address !== 'string') continue;
    out.push({ address: r.address, type: r.type, name: String(r.name ?? ''), stack: 'plan', values: isObj(r.values) ? r.values : {}, count: 1 });
  }
  for (const child of Array.isArray(mod.child_modules) ? mod.child_modules : []) walkModule(child, out);
}

/** `terraform show -json` of a plan (planned_values, else resource_changes) or of a state (values). */
export function fromTerraformJson(json: Json, source: string): StaticInput {
  const resources: StackResource[] = [];
  const planned = isObj(json.planned_values) ? json.planned_values : isObj(json.values) ? json.values : undefined;
  if (planned) walkModule(planned.root_module, resources);
  if (resources.length === 0 && Array.isArray(json.resource_changes)) {
    for (const rc of json.resource_changes) {
      if (!isObj(rc) || rc.mode === 'data' || !isObj(rc.change)) continue;
      const actions = Array.isArray(rc.change.actions) ? rc.change.actions : [];
      if (actions.length === 1 && actions[0] === 'delete') continue;
      resources.push({ address: String(rc.address), type: String(rc.type), name: String(rc.name ?? ''), stack: 'plan', values: isObj(rc.change.after) ? rc.change.after : {}, count: 1 });
    }
  }
  const outputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(planned && isObj(planned.outputs) ? planned.outputs : {})) if (isObj(v) && 'value' in v) outputs[k] = v.value;
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

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as Error).message}.`, 'check the path');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file} is not valid JSON (${(err as Error).message}).`, 'for a plan, use `terraform show -json plan.out > plan.json` (not the binary plan file)');
  }
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
