/**
 * The subset of terraform's plugin protocol 6 (tfplugin6) this provider speaks, written from the
 * public protocol documentation: field numbers only, no copied .proto text. Requests are decoded
 * into plain objects; responses are encoded from plain objects. Unknown fields are ignored.
 */
import type { AttributePath, Diagnostic } from '../diagnostics';
import type { BlockSpec, NestedBlockSpec, SchemaSpec } from '../schema/model';
import { bool, bytes, encode, fieldBytes, fieldInt, fieldString, int, message, readFields, str, type BinaryWriter, WireType } from './wire';

/** DynamicValue { msgpack = 1; json = 2 } */
export interface DynamicValue {
  readonly msgpack?: Uint8Array;
  readonly json?: Uint8Array;
}

function dynamicValue(buf: Uint8Array | undefined): DynamicValue | undefined {
  if (!buf) return undefined;
  const f = readFields(buf);
  return { msgpack: fieldBytes(f, 1), json: fieldBytes(f, 2) };
}

function writeDynamic(w: BinaryWriter, no: number, msgpack: Uint8Array | undefined): void {
  if (msgpack === undefined) return;
  message(w, no, (m) => bytes(m, 1, msgpack));
}

// ── requests ──

export interface TypedConfigRequest {
  readonly typeName: string;
  readonly config?: DynamicValue;
}

/** ValidateResourceConfig / ValidateDataResourceConfig / ReadDataSource: type_name 1, config 2. */
export function decodeTypedConfig(buf: Uint8Array): TypedConfigRequest {
  const f = readFields(buf);
  return { typeName: fieldString(f, 1), config: dynamicValue(fieldBytes(f, 2)) };
}

/** ValidateProviderConfig: config 1. */
export function decodeValidateProviderConfig(buf: Uint8Array): { config?: DynamicValue } {
  return { config: dynamicValue(fieldBytes(readFields(buf), 1)) };
}

/** ConfigureProvider: terraform_version 1, config 2. */
export function decodeConfigureProvider(buf: Uint8Array): { terraformVersion: string; config?: DynamicValue } {
  const f = readFields(buf);
  return { terraformVersion: fieldString(f, 1), config: dynamicValue(fieldBytes(f, 2)) };
}

/** UpgradeResourceState: type_name 1, version 2, raw_state 3 { json 1 }. */
export function decodeUpgradeResourceState(buf: Uint8Array): { typeName: string; version: number; rawStateJson?: Uint8Array } {
  const f = readFields(buf);
  const raw = fieldBytes(f, 3);
  return { typeName: fieldString(f, 1), version: fieldInt(f, 2), rawStateJson: raw ? fieldBytes(readFields(raw), 1) : undefined };
}

/** ReadResource: type_name 1, current_state 2, private 3. */
export function decodeReadResource(buf: Uint8Array): { typeName: string; currentState?: DynamicValue; private?: Uint8Array } {
  const f = readFields(buf);
  return { typeName: fieldString(f, 1), currentState: dynamicValue(fieldBytes(f, 2)), private: fieldBytes(f, 3) };
}

/** PlanResourceChange: type_name 1, prior_state 2, proposed_new_state 3, config 4, prior_private 5. */
export function decodePlanResourceChange(buf: Uint8Array): { typeName: string; priorState?: DynamicValue; proposedNewState?: DynamicValue; config?: DynamicValue; priorPrivate?: Uint8Array } {
  const f = readFields(buf);
  return {
    typeName: fieldString(f, 1),
    priorState: dynamicValue(fieldBytes(f, 2)),
    proposedNewState: dynamicValue(fieldBytes(f, 3)),
    config: dynamicValue(fieldBytes(f, 4)),
    priorPrivate: fieldBytes(f, 5),
  };
}

/** ApplyResourceChange: type_name 1, prior_state 2, planned_state 3, config 4, planned_private 5. */
export function decodeApplyResourceChange(buf: Uint8Array): { typeName: string; priorState?: DynamicValue; plannedState?: DynamicValue; config?: DynamicValue; plannedPrivate?: Uint8Array } {
  const f = readFields(buf);
  return {
    typeName: fieldString(f, 1),
    priorState: dynamicValue(fieldBytes(f, 2)),
    plannedState: dynamicValue(fieldBytes(f, 3)),
    config: dynamicValue(fieldBytes(f, 4)),
    plannedPrivate: fieldBytes(f, 5),
  };
}

/** ImportResourceState: type_name 1, id 2. */
export function decodeImportResourceState(buf: Uint8Array): { typeName: string; id: string } {
  const f = readFields(buf);
  return { typeName: fieldString(f, 1), id: fieldString(f, 2) };
}

// ── shared response parts ──

/** AttributePath { repeated Step steps = 1 }, Step { attribute_name 1 | element_key_string 2 | element_key_int 3 }. */
function writePath(w: BinaryWriter, path: AttributePath): void {
  for (const step of path) {
    message(w, 1, (s) => {
      if (typeof step === 'string') s.tag(1, WireType.LengthDelimited).string(step);
      else if (typeof step === 'number') s.tag(3, WireType.Varint).int64(step);
      else s.tag(2, WireType.LengthDelimited).string(step.key);
    });
  }
}

/** Diagnostic { severity 1 (ERROR 1, WARNING 2), summary 2, detail 3, attribute 4 }. */
function writeDiagnostics(w: BinaryWriter, no: number, diags: readonly Diagnostic[] | undefined): void {
  for (const d of diags ?? []) {
    message(w, no, (m) => {
      m.tag(1, WireType.Varint).int32(d.severity === 'error' ? 1 : 2);
      str(m, 2, d.summary);
      str(m, 3, d.detail);
      if (d.path && d.path.length) message(m, 4, (p) => writePath(p, d.path as AttributePath));
    });
  }
}

// ── schema ──

const NESTING = { single: 1, list: 2, set: 3 } as const;
const MARKDOWN = 1;

/** Schema.Block { version 1, attributes 2, block_types 3, description 4, description_kind 5 }. */
function writeBlock(w: BinaryWriter, block: BlockSpec): void {
  for (const [name, a] of Object.entries(block.attributes)) {
    // Attribute { name 1, type 2, description 3, required 4, optional 5, computed 6, sensitive 7, description_kind 8 }
    message(w, 2, (m) => {
      str(m, 1, name);
      bytes(m, 2, Buffer.from(JSON.stringify(a.type)));
      str(m, 3, a.description);
      bool(m, 4, a.mode === 'required');
      bool(m, 5, a.mode === 'optional' || a.mode === 'optional_computed');
      bool(m, 6, a.mode === 'computed' || a.mode === 'optional_computed');
      bool(m, 7, a.sensitive);
      int(m, 8, MARKDOWN);
    });
  }
  for (const [name, b] of Object.entries(block.blocks ?? {})) {
    // NestedBlock { type_name 1, block 2, nesting 3, min_items 4, max_items 5 }
    message(w, 3, (m) => {
      str(m, 1, name);
      message(m, 2, (bw) => writeBlock(bw, (b as NestedBlockSpec).block));
      int(m, 3, NESTING[b.nesting]);
      int(m, 4, b.minItems);
      int(m, 5, b.maxItems);
    });
  }
  str(w, 4, block.description);
  int(w, 5, MARKDOWN);
}

/** Schema { version 1, block 2 }. */
function writeSchema(w: BinaryWriter, schema: SchemaSpec): void {
  int(w, 1, schema.version);
  message(w, 2, (b) => writeBlock(b, schema.block));
}

/** map<string, Schema>: repeated entry { key 1, value 2 }. */
function writeSchemaMap(w: BinaryWriter, no: number, schemas: readonly { typeName: string; schema: SchemaSpec }[]): void {
  for (const s of schemas) {
    message(w, no, (e) => {
      str(e, 1, s.typeName);
      message(e, 2, (v) => writeSchema(v, s.schema));
    });
  }
}

/** ServerCapabilities { plan_destroy 1, get_provider_schema_optional 2, move_resource_state 3 }. */
function writeCapabilities(w: BinaryWriter, no: number): void {
  message(w, no, (c) => bool(c, 2, true));
}

// ── responses ──

export interface ProviderSchemas {
  readonly provider: SchemaSpec;
  readonly resources: readonly { typeName: string; schema: SchemaSpec }[];
  readonly dataSources: readonly { typeName: string; schema: SchemaSpec }[];
}

/** GetProviderSchema.Response { provider 1, resource_schemas 2, data_source_schemas 3, diagnostics 4, server_capabilities 6 }. */
export function encodeGetProviderSchema(s: ProviderSchemas): Uint8Array {
  return encode((w) => {
    message(w, 1, (p) => writeSchema(p, s.provider));
    writeSchemaMap(w, 2, s.resources);
    writeSchemaMap(w, 3, s.dataSources);
    writeCapabilities(w, 6);
  });
}

/** GetMetadata.Response { server_capabilities 1, diagnostics 2, data_sources 3 {type_name 1}, resources 4 {type_name 1} }. */
export function encodeGetMetadata(s: ProviderSchemas): Uint8Array {
  return encode((w) => {
    writeCapabilities(w, 1);
    for (const d of s.dataSources) message(w, 3, (m) => str(m, 1, d.typeName));
    for (const r of s.resources) message(w, 4, (m) => str(m, 1, r.typeName));
  });
}

/** A response whose only field is diagnostics, at `no` (ValidateProviderConfig: 2; the validates and ConfigureProvider: 1). */
export function encodeDiagnosticsOnly(no: number, diags: readonly Diagnostic[]): Uint8Array {
  return encode((w) => writeDiagnostics(w, no, diags));
}

/** UpgradeResourceState.Response { upgraded_state 1, diagnostics 2 }. */
export function encodeUpgradeResourceState(state: Uint8Array | undefined, diags: readonly Diagnostic[]): Uint8Array {
  return encode((w) => {
    writeDynamic(w, 1, state);
    writeDiagnostics(w, 2, diags);
  });
}

/** ReadResource.Response { new_state 1, diagnostics 2, private 3 }. */
export function encodeReadResource(state: Uint8Array | undefined, diags: readonly Diagnostic[], priv?: Uint8Array): Uint8Array {
  return encode((w) => {
    writeDynamic(w, 1, state);
    writeDiagnostics(w, 2, diags);
    bytes(w, 3, priv);
  });
}

/** PlanResourceChange.Response { planned_state 1, requires_replace 2, planned_private 3, diagnostics 4 }. */
export function encodePlanResourceChange(planned: Uint8Array | undefined, requiresReplace: readonly AttributePath[], diags: readonly Diagnostic[], priv?: Uint8Array): Uint8Array {
  return encode((w) => {
    writeDynamic(w, 1, planned);
    for (const p of requiresReplace) message(w, 2, (m) => writePath(m, p));
    bytes(w, 3, priv);
    writeDiagnostics(w, 4, diags);
  });
}

/** ApplyResourceChange.Response { new_state 1, private 2, diagnostics 3 }. */
export function encodeApplyResourceChange(state: Uint8Array | undefined, diags: readonly Diagnostic[], priv?: Uint8Array): Uint8Array {
  return encode((w) => {
    writeDynamic(w, 1, state);
    bytes(w, 2, priv);
    writeDiagnostics(w, 3, diags);
  });
}

/** ImportResourceState.Response { imported_resources 1 { type_name 1, state 2, private 3 }, diagnostics 2 }. */
export function encodeImportResourceState(typeName: string, state: Uint8Array | undefined, diags: readonly Diagnostic[]): Uint8Array {
  return encode((w) => {
    if (state) {
      message(w, 1, (m) => {
        str(m, 1, typeName);
        writeDynamic(m, 2, state);
      });
    }
    writeDiagnostics(w, 2, diags);
  });
}

/** ReadDataSource.Response { state 1, diagnostics 2 }. */
export function encodeReadDataSource(state: Uint8Array | undefined, diags: readonly Diagnostic[]): Uint8Array {
  return encode((w) => {
    writeDynamic(w, 1, state);
    writeDiagnostics(w, 2, diags);
  });
}

/** StopProvider.Response { Error 1 }. */
export function encodeStopProvider(errorText: string | undefined): Uint8Array {
  return encode((w) => str(w, 1, errorText));
}

/** An empty message (GetFunctions.Response with no functions, Empty). */
export const EMPTY = new Uint8Array(0);
