/**
 * Schema-driven behaviour shared by every resource: plan-time validation, planning (defaults,
 * unknown computed values, use-state-for-unknown, semantic equality, requires-replace), making the
 * applied state match the plan, and keeping the state's form of values C1 treats as equal.
 */
import { error, type AttributePath, type Diagnostic } from './diagnostics';
import type { AttributeSpec, BlockSpec } from './schema/model';
import { UNKNOWN, containsUnknown, isObject, sameSet, valuesEqual, type Value, type ValueObject } from './values';

// ── validation ──

/** Run every attribute's validators on known values (unknown values are checked when known). */
export function validateBlock(config: ValueObject, block: BlockSpec, path: AttributePath = []): Diagnostic[] {
  const diags: Diagnostic[] = [];
  for (const [name, a] of Object.entries(block.attributes)) {
    const v = config[name] ?? null;
    if (v === null || v === UNKNOWN) continue;
    if (a.mode === 'computed') {
      diags.push(error(`Value for unconfigurable attribute "${name}"`, `"${name}" is set by C1 and cannot be configured: remove it from the configuration.`, [...path, name]));
      continue;
    }
    if (containsUnknown(v) && !Array.isArray(v)) continue;
    for (const validator of a.validators ?? []) {
      const known = Array.isArray(v) ? v.filter((x) => x !== UNKNOWN) : v;
      const problem = validator.check(known);
      if (problem) {
        diags.push(error(`Invalid ${name}`, `${name} ${problem}.\n\nExpected: ${validator.description}.`, [...path, name]));
        break;
      }
    }
  }
  for (const [name, b] of Object.entries(block.blocks ?? {})) {
    const v = config[name] ?? null;
    if (b.nesting === 'single') {
      if (isObject(v)) diags.push(...validateBlock(v, b.block, [...path, name]));
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (isObject(item)) diags.push(...validateBlock(item, b.block, [...path, name, i]));
      });
    }
  }
  return diags;
}

// ── equality C1 does not distinguish ──

const isEmpty = (v: Value | undefined): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Same value for C1: equal, both empty (null / "" / []), equal as sets, or equal once normalized. */
export function equivalent(a: AttributeSpec, x: Value | undefined, y: Value | undefined): boolean {
  if (valuesEqual(x ?? null, y ?? null)) return true;
  if (isEmpty(x) && isEmpty(y)) return true;
  if (typeof a.type !== 'string' && a.type[0] === 'set' && sameSet(x ?? null, y ?? null)) return true;
  if (a.normalize && typeof x === 'string' && typeof y === 'string') return a.normalize(x) === a.normalize(y);
  return false;
}

// ── planning ──

export interface PlanResult {
  readonly planned: ValueObject;
  readonly requiresReplace: AttributePath[];
}

/**
 * Plan one object. `prior` is null on create. The proposed state is terraform's merge of config and
 * prior state; this fills computed values, defaults, and keeps prior values C1 treats as equal.
 */
export function planBlock(prior: ValueObject | null, proposed: ValueObject, config: ValueObject, block: BlockSpec, path: AttributePath = [], replace: AttributePath[] = []): PlanResult {
  const planned: ValueObject = {};
  for (const [name, a] of Object.entries(block.attributes)) {
    const cfg = config[name] ?? null;
    const before = prior ? (prior[name] ?? null) : null;
    let v: Value;
    if (a.mode === 'computed') {
      v = prior === null ? UNKNOWN : a.useStateForUnknown ? before : (proposed[name] ?? before);
    } else if (a.mode === 'optional_computed' && cfg === null) {
      v = a.default !== undefined ? a.default : prior === null ? UNKNOWN : before;
    } else {
      v = proposed[name] ?? null;
      // A configured value equal for C1 to the prior one keeps the prior form (terraform allows
      // planning the prior value when config and prior are both set).
      if (prior !== null && v !== null && before !== null && !containsUnknown(v) && equivalent(a, v, before) && !(isEmpty(v) !== isEmpty(before))) v = before;
    }
    if (a.requiresReplace && prior !== null && (v === UNKNOWN || !equivalent(a, v, before))) replace.push([...path, name]);
    planned[name] = v;
  }
  for (const [name, b] of Object.entries(block.blocks ?? {})) {
    const prop = proposed[name] ?? null;
    if (b.nesting === 'single' && isObject(prop)) {
      const before = prior && isObject(prior[name] ?? null) ? (prior[name] as ValueObject) : null;
      const cfg = isObject(config[name] ?? null) ? (config[name] as ValueObject) : prop;
      planned[name] = planBlock(before, prop, cfg, b.block, [...path, name], replace).planned;
    } else {
      planned[name] = prop;
    }
  }
  return { planned, requiresReplace: replace };
}

// ── apply and read ──

/** The applied state: every value the plan knew, C1's answer for the rest (terraform insists on this). */
export function conformToPlan(result: ValueObject, planned: ValueObject, block: BlockSpec): ValueObject {
  const out: ValueObject = {};
  for (const name of Object.keys(block.attributes)) {
    const p = planned[name] ?? null;
    out[name] = containsUnknown(p) ? (result[name] ?? null) : p;
  }
  for (const [name, b] of Object.entries(block.blocks ?? {})) {
    const p = planned[name] ?? null;
    const r = result[name] ?? null;
    out[name] = b.nesting === 'single' && isObject(p) && isObject(r) ? conformToPlan(r, p, b.block) : containsUnknown(p) ? r : p;
  }
  return out;
}

/** After a read: keep the prior state's form of values C1 treats as equal (no spurious diffs). */
export function keepEquivalent(prior: ValueObject | null, fresh: ValueObject, block: BlockSpec): ValueObject {
  if (!prior) return fresh;
  const out: ValueObject = { ...fresh };
  for (const [name, a] of Object.entries(block.attributes)) {
    if (name in prior && equivalent(a, prior[name] ?? null, fresh[name] ?? null)) out[name] = prior[name] ?? null;
  }
  for (const [name, b] of Object.entries(block.blocks ?? {})) {
    const p = prior[name] ?? null;
    const f = fresh[name] ?? null;
    if (b.nesting === 'single' && isObject(p) && isObject(f)) out[name] = keepEquivalent(p, f, b.block);
  }
  return out;
}
