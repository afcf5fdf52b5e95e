/**
 * The provider's schema exactly as `terraform providers schema -json` prints it, derived from the
 * same declarative schemas the plugin serves. Other generators (CDKTF bindings, modules) read this.
 */
import { PROVIDER_ADDRESS } from './address';
import { providerSchema } from './provider-schema';
import { DATA_SOURCES, RESOURCES } from './registry';
import type { AttributeSpec, BlockSpec, NestedBlockSpec, SchemaSpec } from './schema/model';
import type { TfType } from './values';

export { PROVIDER_ADDRESS, PROVIDER_VERSION } from './address';

export interface JsonAttribute {
  type: TfType;
  description?: string;
  description_kind: 'plain' | 'markdown';
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
}
export interface JsonBlockType {
  nesting_mode: 'single' | 'list' | 'set';
  block: JsonBlock;
  min_items?: number;
  max_items?: number;
}
export interface JsonBlock {
  attributes?: Record<string, JsonAttribute>;
  block_types?: Record<string, JsonBlockType>;
  description?: string;
  description_kind: 'plain' | 'markdown';
}
export interface JsonSchema {
  version: number;
  block: JsonBlock;
}
export interface ProviderSchemaJson {
  format_version: '1.0';
  provider_schemas: Record<
    string,
    {
      provider: JsonSchema;
      resource_schemas: Record<string, JsonSchema>;
      data_source_schemas: Record<string, JsonSchema>;
    }
  >;
}

function attributeJson(a: AttributeSpec): JsonAttribute {
  return {
    type: a.type,
    ...(a.description ? { description: a.description } : {}),
    description_kind: 'markdown',
    ...(a.mode === 'required' ? { required: true as const } : {}),
    ...(a.mode === 'optional' || a.mode === 'optional_computed' ? { optional: true as const } : {}),
    ...(a.mode === 'computed' || a.mode === 'optional_computed' ? { computed: true as const } : {}),
    ...(a.sensitive ? { sensitive: true as const } : {}),
  };
}

function blockTypeJson(b: NestedBlockSpec): JsonBlockType {
  return {
    nesting_mode: b.nesting,
    block: blockJson(b.block),
    ...(b.minItems ? { min_items: b.minItems } : {}),
    ...(b.maxItems ? { max_items: b.maxItems } : {}),
  };
}

export function blockJson(block: BlockSpec): JsonBlock {
  const attributes = Object.entries(block.attributes);
  const blocks = Object.entries(block.blocks ?? {});
  return {
    ...(attributes.length ? { attributes: Object.fromEntries(attributes.map(([n, a]) => [n, attributeJson(a)])) } : {}),
    ...(blocks.length ? { block_types: Object.fromEntries(blocks.map(([n, b]) => [n, blockTypeJson(b)])) } : {}),
    ...(block.description ? { description: block.description } : {}),
    description_kind: 'markdown',
  };
}

export function schemaJson(schema: SchemaSpec): JsonSchema {
  return { version: schema.version, block: blockJson(schema.block) };
}

/** What `terraform providers schema -json` prints for a configuration that uses only this provider. */
export function providerSchemaJson(): ProviderSchemaJson {
  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: schemaJson(providerSchema),
        resource_schemas: Object.fromEntries(RESOURCES.map((r) => [r.typeName, schemaJson(r.schema)])),
        data_source_schemas: Object.fromEntries(DATA_SOURCES.map((d) => [d.typeName, schemaJson(d.schema)])),
      },
    },
  };
}
