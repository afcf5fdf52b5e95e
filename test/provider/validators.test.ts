/** Plan-time validators and import ids: what a configuration or an import may say (each rule with a planted bad value). */
import { canonicalCidr, cidrProblem } from '../../src/provider/schema/validators';
import { keepEquivalent, planBlock } from '../../src/provider/plan';
import { workloadFederationTrustResource } from '../../src/provider/resources/workload-federation-trust';
import { compatible, UNKNOWN, type ValueObject } from '../../src/provider/values';
import { seg } from '../../src/c1/api-client';
import { DiagnosticsError } from '../../src/provider/diagnostics';
import { servicePrincipalResource } from '../../src/provider/resources/service-principal';
import { workloadFederationProviderResource } from '../../src/provider/resources/workload-federation-provider';

describe('CIDR blocks', () => {
  test.each(['10.0.0.0/8', '0.0.0.0/0', '198.51.100.7/32', '2001:db8::/32', '::/0', '::1/128', '2001:db8:0:0:1::/80', '::ffff:10.0.0.0/104'])('%s is accepted', (c) => {
    expect(cidrProblem(c)).toBeUndefined();
  });

  test.each([
    ['10.0.0.1/8', 'has host bits set: write the network "10.0.0.0/8", or "10.0.0.1/32" for the single address'],
    ['2001:db8::1/32', 'has host bits set: write the network "2001:db8::/32", or "2001:db8::1/128" for the single address'],
    ['2001:DB8::/32', 'is not written canonically: write "2001:db8::/32"'],
    ['2001:0db8::/32', 'is not written canonically: write "2001:db8::/32"'],
    ['fe80::1:0:0:0:0/64', 'is not written canonically: write "fe80:0:0:1::/64"'],
    ['10.0.0.0/08', 'is not written canonically: write "10.0.0.0/8"'],
    ['fe80::1%eth0/64', 'a zone such as "%eth0" is not allowed'],
    ['010.0.0.0/8', 'is not an IP address'],
    ['10.0.0.0', 'add the prefix length'],
    ['10.0.0.0/33', 'invalid prefix length (0-32)'],
    ['2001:db8::/129', 'invalid prefix length (0-128)'],
    [' 10.0.0.0/8', 'is not an IP address'],
  ])('%s is refused: %s', (c, why) => {
    expect(cidrProblem(c)).toContain(why);
  });

  test('canonicalCidr: network address, RFC 5952 IPv6', () => {
    expect(canonicalCidr('10.255.255.255/12')).toBe('10.240.0.0/12');
    expect(canonicalCidr('1:0:0:0:0:0:0:1/128')).toBe('1::1/128');
    expect(canonicalCidr('not-a-cidr')).toBeUndefined();
  });
});

describe('compatible (could be the same value once known)', () => {
  test('unknowns match anything; known differences do not', () => {
    expect(compatible({ a: 'x', b: UNKNOWN }, { a: 'x', b: 'y' })).toBe(true);
    expect(compatible({ a: 'x', n: { r: UNKNOWN } }, { a: 'x', n: { r: 'arn' } })).toBe(true);
    expect(compatible({ a: 'x' }, { a: 'z' })).toBe(false);
    expect(compatible({ a: ['1', '2'] }, { a: ['1'] })).toBe(false);
    expect(compatible({ a: null }, { a: 'x' })).toBe(false);
  });
});

describe('condition_expression: surrounding white space is no change', () => {
  const block = workloadFederationTrustResource.schema.block;
  const state: ValueObject = { id: 'sp/c', service_principal_id: 'sp', provider_id: 'p', condition_expression: 'claims.sub == "x"\n', display_name: null, description: null, allow_source_cidrs: null, scoped_role_ids: null, passthrough_claims: null, disabled: false, client_id: 'c' };

  test('a heredoc newline dropped in the configuration keeps the state value', () => {
    const cfg: ValueObject = { ...state, id: null, client_id: null, condition_expression: 'claims.sub == "x"' };
    expect(planBlock(state, { ...cfg, id: 'sp/c', client_id: 'c' }, cfg, block).planned.condition_expression).toBe('claims.sub == "x"\n');
  });

  test('C1 answering the expression trimmed keeps the state form; a real edit is a change', () => {
    expect(keepEquivalent(state, { ...state, condition_expression: 'claims.sub == "x"' }, block).condition_expression).toBe('claims.sub == "x"\n');
    expect(keepEquivalent(state, { ...state, condition_expression: 'claims.sub == "y"' }, block).condition_expression).toBe('claims.sub == "y"');
  });
});

describe('import ids', () => {
  test.each(['..', '.', '', 'sp 1', 'a/b', 'x\n'])('a service principal or provider id %j is refused before any call', (id) => {
    expect(() => servicePrincipalResource.importState(id)).toThrow(DiagnosticsError);
    expect(() => workloadFederationProviderResource.importState(id)).toThrow(/Invalid import id for c1_workload_federation_provider/);
  });

  test.each(['sp-1/..', '../x@acme.conductor.one/wfe', 'sp-1/.', 'sp-1/ x@acme.conductor.one/wfe'])('a trust id %j is refused (".." would address the service principal itself)', (id) => {
    expect(() => workloadFederationTrustResource.importState(id)).toThrow(/Invalid import id for c1_workload_federation_trust/);
  });

  test('well-formed ids pass through', () => {
    expect(servicePrincipalResource.importState('sp-1')).toEqual({ id: 'sp-1' });
    expect(workloadFederationTrustResource.importState('sp-1/x@acme.conductor.one/wfe')).toMatchObject({ service_principal_id: 'sp-1', client_id: 'x@acme.conductor.one/wfe' });
  });

  test('the C1 client never puts "." or ".." into a path', () => {
    expect(() => seg('..', 'trust')).toThrow(/"\." and "\.\." are not ids/);
    expect(seg('a/b', 'trust')).toBe('a%2Fb');
  });
});
