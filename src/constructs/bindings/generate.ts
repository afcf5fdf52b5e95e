/**
 * Generates typed CDKTF bindings from a provider schema in the shape `terraform providers schema -json`
 * prints (for the c1 provider: `providerSchemaJson()` of src/provider), as `cdktf get` would, but small:
 * one file per resource / data source / provider with a typed, documented config interface, a
 * TerraformResource / TerraformDataSource / TerraformProvider subclass, and a getter for every
 * attribute (computed ones included) that returns a Terraform reference. Pure text rendering: the only
 * runtime the output needs is ./synth.ts and cdktf's base classes.
 */

/** A Terraform type as the schema JSON writes it. */
export type SchemaType = string | readonly [string, SchemaType] | readonly ['object', Readonly<Record<string, SchemaType>>];

export interface SchemaAttribute {
  readonly type: SchemaType;
  readonly description?: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

export interface SchemaBlockType {
  readonly nesting_mode: 'single' | 'list' | 'set';
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, SchemaBlockType>>;
  readonly description?: string;
}

export interface ProviderSchemaDocument {
  readonly provider_schemas: Readonly<
    Record<
      string,
      {
        readonly provider: { readonly block: SchemaBlock };
        readonly resource_schemas?: Readonly<Record<string, { readonly block: SchemaBlock }>>;
        readonly data_source_schemas?: Readonly<Record<string, { readonly block: SchemaBlock }>>;
      }
    >
  >;
}

export interface BindingsOptions {
  /** The provider's source address, e.g. `terraform.local/c1-aws/c1`. */
  readonly address: string;
  /** Lower bound written to `required_providers`, e.g. `>= 0.1.0`. */
  readonly versionConstraint: string;
  /** Shown in each file's header: how to regenerate. */
  readonly regenerate: string;
}

/** Meta-arguments and base-class members a generated property must not shadow (cdktf appends `Attribute`). */
const RESERVED = new Set(['count', 'lifecycle', 'dependsOn', 'forEach', 'provider', 'connection', 'provisioners', 'node', 'fqn', 'alias', 'friendlyUniqueId', 'terraformResourceType', 'terraformMetaArguments', 'terraformGeneratorMetadata']);

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string): string => {
  const c = camel(s);
  return c.charAt(0).toUpperCase() + c.slice(1);
};
const kebab = (s: string): string => s.replace(/_/g, '-');
const propName = (tfName: string): string => {
  const c = camel(tfName);
  return RESERVED.has(c) ? `${c}Attribute` : c;
};

/** A JSDoc comment (markdown kept; `*\/` cannot end it early). */
function doc(indent: string, lines: readonly (string | undefined)[]): string {
  const body = lines
    .filter((l): l is string => l !== undefined && l !== '')
    .flatMap((l) => l.split('\n'))
    .map((l) => `${indent} *${l ? ` ${l.replace(/\*\//g, '*\\/')}` : ''}`);
  return body.length ? `${indent}/**\n${body.join('\n')}\n${indent} */\n` : '';
}

function inputType(t: SchemaType): string {
  if (typeof t === 'string') {
    if (t === 'string') return 'string';
    if (t === 'number') return 'number';
    if (t === 'bool') return 'boolean | IResolvable';
    return 'IResolvable';
  }
  const [kind, inner] = t;
  if ((kind === 'list' || kind === 'set') && (inner === 'string' || inner === 'number')) return `${inner}[]`;
  if (kind === 'map' && (inner === 'string' || inner === 'number')) return `Record<string, ${inner}>`;
  return 'IResolvable';
}

function getter(t: SchemaType, tfName: string): { type: string; body: string } {
  const n = JSON.stringify(tfName);
  if (t === 'string') return { type: 'string', body: `this.getStringAttribute(${n})` };
  if (t === 'number') return { type: 'number', body: `this.getNumberAttribute(${n})` };
  if (t === 'bool') return { type: 'IResolvable', body: `this.getBooleanAttribute(${n})` };
  if (Array.isArray(t) && (t[0] === 'list' || t[0] === 'set') && t[1] === 'string') return { type: 'string[]', body: `this.getListAttribute(${n})` };
  if (Array.isArray(t) && (t[0] === 'list' || t[0] === 'set') && t[1] === 'number') return { type: 'number[]', body: `this.getNumberListAttribute(${n})` };
  if (Array.isArray(t) && t[0] === 'map' && t[1] === 'string') return { type: 'Record<string, string>', body: `this.getStringMapAttribute(${n})` };
  return { type: 'IResolvable', body: `this.interpolationForAttribute(${n})` };
}

function defaultDoc(a: SchemaAttribute): string {
  return a.computed ? '@default - set by the provider (computed)' : '@default - not set';
}

function isInput(a: SchemaAttribute): boolean {
  return a.required === true || a.optional === true;
}

interface Rendered {
  readonly interfaces: string[];
  readonly shapes: string[];
}

/** Config interface(s) and Shape constant(s) for a block; nested blocks get interfaces of their own. */
function renderBlock(typeName: string, block: SchemaBlock, extendsMeta: string | undefined, out: Rendered, shapeName: string): void {
  const fields: string[] = [];
  const shapeAttrs: string[] = [];
  const shapeBlocks: string[] = [];
  for (const [tfName, a] of Object.entries(block.attributes ?? {})) {
    const p = propName(tfName);
    shapeAttrs.push(`    ${p}: { name: ${JSON.stringify(tfName)}, type: ${JSON.stringify(a.type)} },`);
    if (!isInput(a)) continue;
    const optional = a.required !== true;
    fields.push(
      doc('  ', [a.description, a.sensitive ? 'Sensitive: terraform hides it in plans and output.' : undefined, optional ? defaultDoc(a) : undefined]) +
        `  readonly ${p}${optional ? '?' : ''}: ${inputType(a.type)};`,
    );
  }
  for (const [tfName, b] of Object.entries(block.block_types ?? {})) {
    const p = propName(tfName);
    const inner = `${typeName.replace(/Config$/, '')}${pascal(tfName)}`;
    const innerShape = `${shapeName}_${tfName.toUpperCase()}`;
    renderBlock(inner, b.block, undefined, out, innerShape);
    const required = (b.min_items ?? 0) > 0;
    const ts = b.nesting_mode === 'single' ? `${inner} | IResolvable` : `(${inner} | IResolvable)[] | IResolvable`;
    const limits = b.nesting_mode !== 'single' && (b.min_items || b.max_items) ? `${b.min_items ?? 0} to ${b.max_items ?? 'any number of'} blocks.` : undefined;
    fields.push(doc('  ', [b.block.description, limits, required ? undefined : '@default - not set']) + `  readonly ${p}${required ? '' : '?'}: ${ts};`);
    shapeBlocks.push(`    ${p}: { name: ${JSON.stringify(tfName)}, nesting: ${JSON.stringify(b.nesting_mode)}, block: ${innerShape} },`);
  }
  out.interfaces.push(
    doc('', [block.description ? block.description.split('\n')[0] : undefined]) +
      `export interface ${typeName}${extendsMeta ? ` extends ${extendsMeta}` : ''} {\n${fields.join('\n')}${fields.length ? '\n' : ''}}\n`,
  );
  out.shapes.push(
    `const ${shapeName}: Shape = {\n  attributes: {\n${shapeAttrs.join('\n')}${shapeAttrs.length ? '\n' : ''}  },\n${shapeBlocks.length ? `  blocks: {\n${shapeBlocks.join('\n')}\n  },\n` : ''}};\n`,
  );
}

function header(o: BindingsOptions, what: string): string {
  return `// Generated from the ${o.address} provider schema by ${o.regenerate}; do not edit by hand.\n/** Typed CDKTF binding for ${what}. */\n`;
}

function getters(block: SchemaBlock): string {
  return Object.entries(block.attributes ?? {})
    .map(([tfName, a]) => {
      const g = getter(a.type, tfName);
      return `${doc('  ', [`Reference to \`${tfName}\`${a.computed && !isInput(a) ? ' (computed)' : ''}.`, a.sensitive ? 'Sensitive.' : undefined])}  public get ${propName(tfName)}(): ${g.type} {\n    return ${g.body};\n  }\n`;
    })
    .join('\n');
}

function renderElement(kind: 'resource' | 'data', tfType: string, block: SchemaBlock, providerName: string, o: BindingsOptions): { file: string; className: string; text: string } {
  const base = tfType.startsWith(`${providerName}_`) ? tfType.slice(providerName.length + 1) : tfType;
  const className = kind === 'resource' ? pascal(base) : `Data${pascal(tfType)}`;
  const file = kind === 'resource' ? `${kebab(base)}.ts` : `data-${kebab(tfType)}.ts`;
  const out: Rendered = { interfaces: [], shapes: [] };
  renderBlock(`${className}Config`, block, 'TerraformMetaArguments', out, 'SHAPE');
  const hasRequired = Object.values(block.attributes ?? {}).some((a) => a.required) || Object.values(block.block_types ?? {}).some((b) => (b.min_items ?? 0) > 0);
  const baseClass = kind === 'resource' ? 'TerraformResource' : 'TerraformDataSource';
  const text = `${header(o, `the ${kind === 'resource' ? 'resource' : 'data source'} \`${tfType}\``)}import { IResolvable, ${baseClass}, TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { Shape, toTerraformHcl, toTerraformJson } from '../synth';

${out.interfaces.join('\n')}
${out.shapes.join('\n')}
${doc('', [block.description])}export class ${className} extends ${baseClass} {
  public static readonly tfResourceType = ${JSON.stringify(tfType)};
  private readonly config: ${className}Config;

  constructor(scope: Construct, id: string, config: ${className}Config${hasRequired ? '' : ' = {}'}) {
    super(scope, id, {
      terraformResourceType: ${JSON.stringify(tfType)},
      terraformGeneratorMetadata: { providerName: ${JSON.stringify(providerName)}, providerVersionConstraint: ${JSON.stringify(o.versionConstraint)} },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.config = config;
  }

${getters(block)}
  protected synthesizeAttributes(): Record<string, unknown> {
    return toTerraformJson(this.config as unknown as Record<string, unknown>, SHAPE);
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return toTerraformHcl(this.config as unknown as Record<string, unknown>, SHAPE);
  }
}
`;
  return { file, className, text };
}

function renderProvider(providerName: string, block: SchemaBlock, o: BindingsOptions): { file: string; className: string; text: string } {
  const className = `${pascal(providerName)}Provider`;
  const out: Rendered = { interfaces: [], shapes: [] };
  renderBlock(`${className}Config`, block, undefined, out, 'SHAPE');
  // The provider's own meta-argument.
  out.interfaces[out.interfaces.length - 1] = out.interfaces[out.interfaces.length - 1].replace(
    /\n}\n$/,
    `\n  /**\n   * Alias of this provider configuration (resources pick it with \`provider\`).\n   * @default - the default configuration\n   */\n  readonly alias?: string;\n}\n`,
  );
  const text = `${header(o, `the \`${providerName}\` provider (${o.address})`)}import { IResolvable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { Shape, toTerraformHcl, toTerraformJson } from '../synth';

/** The provider's source address. */
export const PROVIDER_SOURCE = ${JSON.stringify(o.address)};
/** The version constraint written to required_providers (a lower bound). */
export const PROVIDER_VERSION_CONSTRAINT = ${JSON.stringify(o.versionConstraint)};

${out.interfaces.join('\n')}
${out.shapes.join('\n')}
${doc('', [block.description])}export class ${className} extends TerraformProvider {
  public static readonly tfResourceType = ${JSON.stringify(providerName)};
  private readonly config: ${className}Config;
  private aliasName?: string;

  constructor(scope: Construct, id: string, config: ${className}Config = {}) {
    super(scope, id, {
      terraformResourceType: ${JSON.stringify(providerName)},
      terraformGeneratorMetadata: { providerName: ${JSON.stringify(providerName)}, providerVersionConstraint: PROVIDER_VERSION_CONSTRAINT },
      terraformProviderSource: PROVIDER_SOURCE,
    });
    this.config = config;
    this.aliasName = config.alias;
  }

  public get alias(): string | undefined {
    return this.aliasName;
  }

  public set alias(value: string | undefined) {
    this.aliasName = value;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { ...toTerraformJson(this.config as unknown as Record<string, unknown>, SHAPE), alias: this.aliasName };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {
      ...toTerraformHcl(this.config as unknown as Record<string, unknown>, SHAPE),
      ...(this.aliasName === undefined ? {} : { alias: { value: this.aliasName, isBlock: false, type: 'simple', storageClassType: 'string' } }),
    };
  }
}
`;
  return { file: 'provider.ts', className, text };
}

/** The IResolvable import is unused when no attribute needs it: keep the file compiling under noUnusedLocals. */
function pruneUnusedImport(text: string): string {
  const body = text.slice(text.indexOf("from '../synth';"));
  return /\bIResolvable\b/.test(body) ? text : text.replace('IResolvable, ', '');
}

/** Every generated file (relative path under the provider's folder) for the one provider in `schema`. */
export function renderBindings(schema: ProviderSchemaDocument, o: BindingsOptions): Map<string, string> {
  const entry = schema.provider_schemas[o.address];
  if (!entry) throw new Error(`the schema has no provider ${o.address} (it has: ${Object.keys(schema.provider_schemas).join(', ') || 'none'})`);
  const providerName = o.address.split('/').pop() ?? o.address;
  const files = new Map<string, string>();
  const exports: string[] = [];
  const add = (r: { file: string; className: string; text: string }): void => {
    if (files.has(r.file)) throw new Error(`two schema elements generate ${r.file}`);
    files.set(r.file, pruneUnusedImport(r.text));
    exports.push(`export * from './${r.file.replace(/\.ts$/, '')}';`);
  };
  add(renderProvider(providerName, entry.provider.block, o));
  for (const [t, s] of Object.entries(entry.resource_schemas ?? {}).sort(([a], [b]) => a.localeCompare(b))) add(renderElement('resource', t, s.block, providerName, o));
  for (const [t, s] of Object.entries(entry.data_source_schemas ?? {}).sort(([a], [b]) => a.localeCompare(b))) add(renderElement('data', t, s.block, providerName, o));
  files.set('index.ts', `// Generated from the ${o.address} provider schema by ${o.regenerate}; do not edit by hand.\n/** Typed CDKTF bindings for the ${providerName} provider: the provider, its resources and data sources. */\n${exports.join('\n')}\n`);
  return files;
}
