/** IAM policy documents as plain data. No cdktf types here: constructs, validator and sandbox share them. */

export type StringOrList = string | readonly string[];

/** `{ "<Operator>": { "<key>": value | values } }` */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, StringOrList | boolean | number>>>>;

export type PrincipalBlock = '*' | Readonly<Record<string, StringOrList>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: StringOrList;
  readonly NotAction?: StringOrList;
  readonly Resource?: StringOrList;
  readonly NotResource?: StringOrList;
  readonly Principal?: PrincipalBlock;
  readonly NotPrincipal?: PrincipalBlock;
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17' | '2008-10-17';
  readonly Id?: string;
  readonly Statement: readonly PolicyStatement[];
}

/** Normalise a string-or-list to a list. */
export function asList<T>(v: T | readonly T[] | undefined): T[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? [...(v as readonly T[])] : [v as T];
}
