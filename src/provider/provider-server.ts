/**
 * The tfplugin6 Provider service: decodes each call, runs the schema-driven logic (plan.ts) and the
 * resource's handlers, and encodes the answer. Errors become diagnostics; nothing is ever logged
 * with a value in it (values may hold tokens or the External ID).
 */
import { C1ApiClient } from '../c1/api-client';
import { resolveConnection } from './credentials';
import { diagnosticsFromError, DiagnosticsError, error, hasErrors, type Diagnostic } from './diagnostics';
import { decodeValue, encodeValue, valueFromJson } from './msgpack';
import { conformToPlan, keepEquivalent, planBlock, validateBlock } from './plan';
import * as pb from './protocol/tfplugin6';
import { ThenRun, type UnaryHandler } from './protocol/grpc-server';
import { DEFAULT_ASSUME_ROLE_RETRY_SECONDS, providerSchema } from './provider-schema';
import { DATA_SOURCES, RESOURCES, findDataSource, findResource } from './registry';
import { PartialApplyError, type ProviderContext, type ResourceDefinition } from './resource';
import { blockType, type SchemaSpec } from './schema/model';
import { compatible, containsUnknown, isObject, valuesEqual, type Value, type ValueObject } from './values';

const SERVICE = '/tfplugin6.Provider/';

export interface ProviderServerOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (message: string) => void;
  /** Called after GRPCController/Shutdown has been answered. */
  readonly onShutdown?: () => void;
}

function typeOf(schema: SchemaSpec): ReturnType<typeof blockType> {
  return blockType(schema.block);
}

function decode(dv: pb.DynamicValue | undefined, schema: SchemaSpec): Value {
  if (!dv) return null;
  if (dv.msgpack && dv.msgpack.length) return decodeValue(dv.msgpack, typeOf(schema));
  if (dv.json && dv.json.length) return valueFromJson(dv.json, typeOf(schema));
  return null;
}

function encode(v: Value, schema: SchemaSpec): Uint8Array {
  return encodeValue(v, typeOf(schema));
}

function asObject(v: Value): ValueObject | null {
  return isObject(v) ? v : null;
}

/** The provider's state across calls of one process. */
class ProviderState implements ProviderContext {
  private api: C1ApiClient | undefined;
  private configDiagnostics: Diagnostic[] = [];
  private configUnknown = false;
  private configured = false;
  public assumeRoleRetryMs = DEFAULT_ASSUME_ROLE_RETRY_SECONDS * 1000;
  private readonly stop = new AbortController();
  public readonly stopSignal = this.stop.signal;

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  get isConfigUnknown(): boolean {
    return this.configUnknown;
  }

  async configure(config: ValueObject): Promise<Diagnostic[]> {
    this.configured = true;
    if (typeof config.assume_role_retry_seconds === 'number') this.assumeRoleRetryMs = config.assume_role_retry_seconds * 1000;
    if (containsUnknown(config)) {
      // e.g. tenant from another resource: usable once known (during apply)
      this.configUnknown = true;
      return [];
    }
    try {
      const conn = await resolveConnection(config, this.env);
      this.api = new C1ApiClient({ baseUrl: conn.baseUrl, token: conn.token });
      return [];
    } catch (err: unknown) {
      this.configDiagnostics = diagnosticsFromError('Configure the c1 provider', err);
      return this.configDiagnostics;
    }
  }

  client(): C1ApiClient {
    if (this.api) return this.api;
    if (this.configUnknown) {
      throw new DiagnosticsError([
        error(
          'The c1 provider configuration is not known yet',
          'The provider block uses values known only after apply (e.g. tenant from another resource). Apply the resources it depends on first (terraform apply -target=…), or configure the provider with known values.',
        ),
      ]);
    }
    if (this.configDiagnostics.length) throw new DiagnosticsError(this.configDiagnostics);
    throw new DiagnosticsError([error('The c1 provider is not configured', this.configured ? 'ConfigureProvider did not set up a client.' : 'terraform did not configure the provider before using it.')]);
  }

  requestStop(): void {
    this.stop.abort();
  }
}

/** Build the method table of tfplugin6.Provider (+ GRPCController). */
export function providerMethods(options: ProviderServerOptions = {}): Map<string, UnaryHandler> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((): void => undefined);
  const state = new ProviderState(env);
  const schemas: pb.ProviderSchemas = {
    provider: providerSchema,
    resources: RESOURCES.map((r) => ({ typeName: r.typeName, schema: r.schema })),
    dataSources: DATA_SOURCES.map((d) => ({ typeName: d.typeName, schema: d.schema })),
  };
  let schemaBytes: Uint8Array | undefined;

  const resource = (typeName: string): ResourceDefinition<unknown> => {
    const def = findResource(typeName);
    if (!def) throw new DiagnosticsError([error('Unknown resource type', `The c1 provider has no resource type ${JSON.stringify(typeName)}.`)]);
    return def;
  };

  const m = new Map<string, UnaryHandler>();
  const on = (name: string, h: UnaryHandler): void => {
    m.set(`${SERVICE}${name}`, async (req): Promise<Uint8Array | ThenRun> => {
      const t0 = Date.now();
      try {
        return await h(req);
      } finally {
        log(`${name} ${Date.now() - t0} ms`);
      }
    });
  };

  on('GetMetadata', () => pb.encodeGetMetadata(schemas));
  on('GetProviderSchema', () => (schemaBytes ??= pb.encodeGetProviderSchema(schemas)));
  on('GetFunctions', () => pb.EMPTY);

  on('ValidateProviderConfig', (req) => {
    const config = asObject(decode(pb.decodeValidateProviderConfig(req).config, providerSchema)) ?? {};
    return pb.encodeDiagnosticsOnly(2, validateBlock(config, providerSchema.block));
  });

  on('ValidateResourceConfig', async (req) => {
    const r = pb.decodeTypedConfig(req);
    let diags: Diagnostic[];
    try {
      const def = resource(r.typeName);
      const config = asObject(decode(r.config, def.schema)) ?? {};
      diags = validateBlock(config, def.schema.block);
      if (!hasErrors(diags) && def.validateConfig) diags.push(...(await def.validateConfig(config)));
    } catch (err: unknown) {
      diags = diagnosticsFromError(`Validate ${r.typeName}`, err);
    }
    return pb.encodeDiagnosticsOnly(1, diags);
  });

  on('ValidateDataResourceConfig', (req) => {
    const r = pb.decodeTypedConfig(req);
    const def = findDataSource(r.typeName);
    if (!def) return pb.encodeDiagnosticsOnly(1, [error('Unknown data source', `The c1 provider has no data source ${JSON.stringify(r.typeName)}.`)]);
    const config = asObject(decode(r.config, def.schema)) ?? {};
    return pb.encodeDiagnosticsOnly(1, validateBlock(config, def.schema.block));
  });

  on('UpgradeResourceState', (req) => {
    const r = pb.decodeUpgradeResourceState(req);
    try {
      const def = resource(r.typeName);
      if (r.version > def.schema.version) {
        throw new DiagnosticsError([error('State from a newer provider', `The state of ${r.typeName} has schema version ${r.version}; this provider knows version ${def.schema.version}. Upgrade the c1 provider.`)]);
      }
      const value = r.rawStateJson ? valueFromJson(r.rawStateJson, typeOf(def.schema)) : null;
      return pb.encodeUpgradeResourceState(encode(value, def.schema), []);
    } catch (err: unknown) {
      return pb.encodeUpgradeResourceState(undefined, diagnosticsFromError(`Upgrade the state of ${r.typeName}`, err));
    }
  });

  on('ConfigureProvider', async (req) => {
    const r = pb.decodeConfigureProvider(req);
    const config = asObject(decode(r.config, providerSchema)) ?? {};
    return pb.encodeDiagnosticsOnly(1, await state.configure(config));
  });

  on('ReadResource', async (req) => {
    const r = pb.decodeReadResource(req);
    const def = resource(r.typeName);
    const current = asObject(decode(r.currentState, def.schema));
    if (!current || state.isConfigUnknown) return pb.encodeReadResource(encode(current, def.schema), [], r.private);
    try {
      const fresh = await def.read(def.configure(state), current, state);
      const next = fresh ? keepEquivalent(current, fresh, def.schema.block) : null;
      if (!fresh) log(`${r.typeName}: gone in C1, removed from state`);
      return pb.encodeReadResource(encode(next, def.schema), [], r.private);
    } catch (err: unknown) {
      return pb.encodeReadResource(encode(current, def.schema), diagnosticsFromError(`Read ${r.typeName}`, err), r.private);
    }
  });

  // Configurations of singleton resources planned by this process (one process serves one provider
  // configuration for one plan or apply walk; terraform plans each resource instance once per walk,
  // twice for a replacement, with the same configuration).
  const singletons = new Map<string, ValueObject[]>();
  const singletonConflict = (typeName: string, config: ValueObject): Diagnostic[] => {
    const seen = singletons.get(typeName) ?? [];
    if (seen.some((c) => !compatible(c, config))) {
      return [
        error(
          `Only one ${typeName} per tenant`,
          `This configuration has more than one ${typeName} resource for the same provider configuration, but the tenant has exactly one email provider: each apply would overwrite the other's settings and every later plan would show a change.\n\nFix: keep one ${typeName} resource per tenant (use a module output or a variable to share its settings), or point the others at a different tenant with a provider alias.`,
        ),
      ];
    }
    if (!seen.some((c) => valuesEqual(c, config))) singletons.set(typeName, [...seen, config]);
    return [];
  };

  on('PlanResourceChange', (req) => {
    const r = pb.decodePlanResourceChange(req);
    const def = resource(r.typeName);
    try {
      const prior = asObject(decode(r.priorState, def.schema));
      const proposed = asObject(decode(r.proposedNewState, def.schema));
      const config = asObject(decode(r.config, def.schema)) ?? {};
      if (!proposed) return pb.encodePlanResourceChange(encode(null, def.schema), [], [], r.priorPrivate);
      if (def.singleton) {
        const conflict = singletonConflict(r.typeName, config);
        if (conflict.length) return pb.encodePlanResourceChange(undefined, [], conflict);
      }
      const plan = planBlock(prior, proposed, config, def.schema.block);
      return pb.encodePlanResourceChange(encode(plan.planned, def.schema), prior ? plan.requiresReplace : [], [], r.priorPrivate);
    } catch (err: unknown) {
      return pb.encodePlanResourceChange(undefined, [], diagnosticsFromError(`Plan ${r.typeName}`, err));
    }
  });

  on('ApplyResourceChange', async (req) => {
    const r = pb.decodeApplyResourceChange(req);
    const def = resource(r.typeName);
    const prior = asObject(decode(r.priorState, def.schema));
    const planned = asObject(decode(r.plannedState, def.schema));
    const action = !planned ? 'Delete' : !prior ? 'Create' : 'Update';
    try {
      const api = def.configure(state);
      if (!planned) {
        const warnings = prior ? await def.delete(api, prior, state) : undefined;
        return pb.encodeApplyResourceChange(encode(null, def.schema), warnings ?? []);
      }
      const result = prior ? await def.update(api, prior, planned, state) : await def.create(api, planned, state);
      return pb.encodeApplyResourceChange(encode(conformToPlan(result, planned, def.schema.block), def.schema), [], r.plannedPrivate);
    } catch (err: unknown) {
      if (err instanceof PartialApplyError) {
        // Created but a later step failed: keep tracking the object.
        return pb.encodeApplyResourceChange(encode(err.state, def.schema), diagnosticsFromError(`${action} ${r.typeName}`, err.causeError));
      }
      // Nothing changed: the prior state stays (null after a failed create).
      return pb.encodeApplyResourceChange(encode(prior, def.schema), diagnosticsFromError(`${action} ${r.typeName}`, err));
    }
  });

  on('ImportResourceState', (req) => {
    const r = pb.decodeImportResourceState(req);
    try {
      const def = resource(r.typeName);
      return pb.encodeImportResourceState(r.typeName, encode(def.importState(r.id), def.schema), []);
    } catch (err: unknown) {
      return pb.encodeImportResourceState(r.typeName, undefined, diagnosticsFromError(`Import ${r.typeName}`, err));
    }
  });

  on('ReadDataSource', async (req) => {
    const r = pb.decodeTypedConfig(req);
    const def = findDataSource(r.typeName);
    if (!def) return pb.encodeReadDataSource(undefined, [error('Unknown data source', `The c1 provider has no data source ${JSON.stringify(r.typeName)}.`)]);
    try {
      const config = asObject(decode(r.config, def.schema)) ?? {};
      const result = await def.read(def.configure(state), config, state);
      return pb.encodeReadDataSource(encode({ ...config, ...result }, def.schema), []);
    } catch (err: unknown) {
      return pb.encodeReadDataSource(undefined, diagnosticsFromError(`Read data source ${r.typeName}`, err));
    }
  });

  on('StopProvider', () => {
    state.requestStop();
    return pb.encodeStopProvider(undefined);
  });

  // Exit once the answer has left (terraform kills the process 2 s after asking otherwise).
  m.set('/plugin.GRPCController/Shutdown', () => new ThenRun(pb.EMPTY, () => options.onShutdown?.()));
  return m;
}
