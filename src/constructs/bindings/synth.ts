/**
 * The small runtime the generated bindings (bindings/c1/) use to turn a typed, camelCase config into
 * Terraform's attribute names, for JSON and for HCL synthesis. Each generated class carries a `Shape`
 * (camelCase name → Terraform name and type); everything cdktf-specific the bindings need is here, so
 * moving to cdktf's fork (cdktn) touches this file and the generated imports only.
 */
import { Tokenization } from 'cdktf';

/** A Terraform type as `providers schema -json` writes it. */
export type TfTypeJson = string | readonly [string, TfTypeJson] | readonly ['object', Readonly<Record<string, TfTypeJson>>];

export interface AttributeShape {
  /** Terraform's name, e.g. `from_address`. */
  readonly name: string;
  readonly type: TfTypeJson;
}

export interface BlockTypeShape {
  readonly name: string;
  readonly nesting: 'single' | 'list' | 'set';
  readonly block: Shape;
}

export interface Shape {
  readonly attributes: Readonly<Record<string, AttributeShape>>;
  readonly blocks?: Readonly<Record<string, BlockTypeShape>>;
}

type Config = Readonly<Record<string, unknown>>;

function isResolvable(v: unknown): boolean {
  return v !== null && typeof v === 'object' && Tokenization.isResolvable(v);
}

/** Terraform JSON attributes of `config` (undefined values left out; tokens passed through). */
export function toTerraformJson(config: Config | undefined, shape: Shape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!config) return out;
  for (const [key, a] of Object.entries(shape.attributes)) {
    if (config[key] !== undefined) out[a.name] = config[key];
  }
  for (const [key, b] of Object.entries(shape.blocks ?? {})) {
    const v = config[key];
    if (v === undefined) continue;
    if (isResolvable(v)) out[b.name] = v;
    else if (b.nesting === 'single') out[b.name] = toTerraformJson(v as Config, b.block);
    else out[b.name] = (v as readonly Config[]).map((x) => (isResolvable(x) ? x : toTerraformJson(x, b.block)));
  }
  return out;
}

function storageClass(t: TfTypeJson): { type: string; storageClassType: string } {
  if (typeof t === 'string') return { type: 'simple', storageClassType: t === 'bool' ? 'boolean' : t };
  const [kind, inner] = t;
  if (kind === 'object') return { type: 'simple', storageClassType: 'object' };
  const el = typeof inner === 'string' ? (inner === 'bool' ? 'boolean' : inner) : 'object';
  return { type: kind === 'map' ? 'map' : kind, storageClassType: `${el}${kind === 'map' ? 'Map' : 'List'}` };
}

/** The `{value, isBlock, type, storageClassType}` form cdktf's HCL synthesis reads. */
export function toTerraformHcl(config: Config | undefined, shape: Shape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!config) return out;
  for (const [key, a] of Object.entries(shape.attributes)) {
    if (config[key] !== undefined) out[a.name] = { value: config[key], isBlock: false, ...storageClass(a.type) };
  }
  for (const [key, b] of Object.entries(shape.blocks ?? {})) {
    const v = config[key];
    if (v === undefined) continue;
    const value = isResolvable(v)
      ? v
      : b.nesting === 'single'
        ? toTerraformHcl(v as Config, b.block)
        : (v as readonly Config[]).map((x) => (isResolvable(x) ? x : toTerraformHcl(x, b.block)));
    out[b.name] = { value, isBlock: true, type: b.nesting === 'single' ? 'struct' : b.nesting, storageClassType: b.nesting === 'single' ? b.name : `${b.name}List` };
  }
  return out;
}
