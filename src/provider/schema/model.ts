/**
 * The declarative schema model: each resource writes its schema once with these types, and the
 * protocol schema, plan-time validation, plan modifiers, docs and the JSON export are derived from it.
 */
import type { TfType, Value } from '../values';

/** How an attribute gets its value. `optional_computed` attributes take `default` when unset. */
export type AttributeMode = 'required' | 'optional' | 'computed' | 'optional_computed';

/** A plan-time check of one known, non-null value; returns a problem statement or undefined. */
export interface Validator {
  /** For docs, e.g. "a URL with the https scheme". */
  readonly description: string;
  readonly check: (value: Value) => string | undefined;
}

export interface AttributeSpec {
  readonly type: TfType;
  /** Markdown. */
  readonly description: string;
  readonly mode: AttributeMode;
  readonly sensitive?: boolean;
  /** A change needs a new object (`# forces replacement`). */
  readonly requiresReplace?: boolean;
  /** Computed: keep the state value in later plans (ids, client IDs). */
  readonly useStateForUnknown?: boolean;
  /** optional_computed: the value planned when the configuration leaves it unset. */
  readonly default?: Value;
  readonly validators?: readonly Validator[];
  /** Plan-time normalization of a known configured value (the plan shows the normalized value). */
  readonly normalize?: (value: string) => string;
  /** Example value for docs (HCL expression text). */
  readonly example?: string;
}

export type NestingMode = 'single' | 'list' | 'set';

export interface NestedBlockSpec {
  readonly nesting: NestingMode;
  readonly block: BlockSpec;
  /** For `single`: 1 makes the block required (terraform wants min = max for single blocks). */
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface BlockSpec {
  /** Markdown. */
  readonly description: string;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
  readonly blocks?: Readonly<Record<string, NestedBlockSpec>>;
}

export interface SchemaSpec {
  readonly version: number;
  readonly block: BlockSpec;
}

/** The terraform object type a block's values have (blocks become objects, lists or sets of objects). */
export function blockType(block: BlockSpec): TfType {
  const attrs: Record<string, TfType> = {};
  for (const [name, a] of Object.entries(block.attributes)) attrs[name] = a.type;
  for (const [name, b] of Object.entries(block.blocks ?? {})) {
    const inner = blockType(b.block);
    attrs[name] = b.nesting === 'single' ? inner : [b.nesting, inner];
  }
  return ['object', attrs];
}

/** Shorthands used by the resource files. */
export const required = (type: TfType, description: string, extra: Partial<AttributeSpec> = {}): AttributeSpec => ({ type, description, mode: 'required', ...extra });
export const optional = (type: TfType, description: string, extra: Partial<AttributeSpec> = {}): AttributeSpec => ({ type, description, mode: 'optional', ...extra });
export const computed = (type: TfType, description: string, extra: Partial<AttributeSpec> = {}): AttributeSpec => ({ type, description, mode: 'computed', ...extra });
export const optionalComputed = (type: TfType, description: string, defaultValue: Value, extra: Partial<AttributeSpec> = {}): AttributeSpec => ({
  type,
  description,
  mode: 'optional_computed',
  default: defaultValue,
  ...extra,
});
