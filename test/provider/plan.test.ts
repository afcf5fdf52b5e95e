/** The schema-driven plan logic every resource shares (what terraform checks the provider against). */
import { conformToPlan, keepEquivalent, planBlock, validateBlock } from '../../src/provider/plan';
import { workloadFederationProviderResource } from '../../src/provider/resources/workload-federation-provider';
import { workloadFederationTrustResource } from '../../src/provider/resources/workload-federation-trust';
import { emailProviderResource } from '../../src/provider/resources/email-provider';
import { UNKNOWN, type ValueObject } from '../../src/provider/values';

const providerBlock = workloadFederationProviderResource.schema.block;
const trustBlock = workloadFederationTrustResource.schema.block;
const ISSUER = 'https://abc.tokens.sts.global.api.aws';

const providerConfig = (over: ValueObject = {}): ValueObject => ({ id: null, display_name: 'AWS', description: null, issuer_url: ISSUER, well_known_provider: null, disabled: null, ...over });
const providerState: ValueObject = { id: 'wfp-1', display_name: 'AWS', description: null, issuer_url: ISSUER, well_known_provider: 'WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND', disabled: false };

describe('planBlock', () => {
  test('create: computed values unknown, defaults planned as known values', () => {
    const cfg = providerConfig();
    const { planned, requiresReplace } = planBlock(null, cfg, cfg, providerBlock);
    expect(planned.id).toBe(UNKNOWN);
    expect(planned.well_known_provider).toBe('WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND');
    expect(planned.disabled).toBe(false);
    expect(requiresReplace).toEqual([]);
  });

  test('update: ids keep their state value (use state for unknown); an in-place change needs no replacement', () => {
    const cfg = providerConfig({ display_name: 'AWS prod' });
    const proposed = { ...cfg, id: 'wfp-1' };
    const { planned, requiresReplace } = planBlock(providerState, proposed, cfg, providerBlock);
    expect(planned).toEqual({ ...providerState, display_name: 'AWS prod' });
    expect(requiresReplace).toEqual([]);
  });

  test('an immutable attribute that changes (or becomes unknown) is marked for replacement', () => {
    const cfg = providerConfig({ issuer_url: 'https://other.tokens.sts.global.api.aws' });
    expect(planBlock(providerState, { ...cfg, id: 'wfp-1' }, cfg, providerBlock).requiresReplace).toEqual([['issuer_url']]);
    const unknown = providerConfig({ issuer_url: UNKNOWN });
    expect(planBlock(providerState, { ...unknown, id: 'wfp-1' }, unknown, providerBlock).requiresReplace).toEqual([['issuer_url']]);
  });

  test('an issuer URL equal once normalized keeps the state value: no diff, no replacement', () => {
    const cfg = providerConfig({ issuer_url: `${ISSUER.replace('https://abc', 'HTTPS://ABC')}/` });
    const { planned, requiresReplace } = planBlock(providerState, { ...cfg, id: 'wfp-1' }, cfg, providerBlock);
    expect(planned.issuer_url).toBe(ISSUER);
    expect(requiresReplace).toEqual([]);
  });

  test('removing an optional+computed setting plans its default again (not the old value)', () => {
    const state = { ...providerState, disabled: true };
    const cfg = providerConfig();
    expect(planBlock(state, { ...cfg, id: 'wfp-1', disabled: true }, cfg, providerBlock).planned.disabled).toBe(false);
  });

  test('sets equal in another order keep the state order', () => {
    const state: ValueObject = { id: 'sp/c', service_principal_id: 'sp', provider_id: 'p', condition_expression: 'true', display_name: null, description: null, allow_source_cidrs: ['10.0.0.0/8', '192.168.0.0/16'], scoped_role_ids: null, passthrough_claims: null, disabled: false, client_id: 'c' };
    const cfg: ValueObject = { ...state, id: null, client_id: null, disabled: null, allow_source_cidrs: ['192.168.0.0/16', '10.0.0.0/8'] };
    const { planned } = planBlock(state, { ...cfg, id: 'sp/c', client_id: 'c', disabled: false }, cfg, trustBlock);
    expect(planned).toEqual(state);
  });
});

describe('validateBlock', () => {
  test('attribute validators run on known values and name the attribute', () => {
    const d = validateBlock(providerConfig({ issuer_url: 'ftp://x' }), providerBlock);
    expect(d).toHaveLength(1);
    expect(d[0]?.path).toEqual(['issuer_url']);
    expect(d[0]?.detail).toContain('https');
  });

  test('unknown values are not judged', () => {
    expect(validateBlock(providerConfig({ issuer_url: UNKNOWN }), providerBlock)).toEqual([]);
  });

  test('nested blocks are validated with the full path', () => {
    const cfg: ValueObject = { id: null, from_name: null, from_address: 'c1@example.com', reply_to_address: null, aws_ses: { role_arn: 'arn:aws:iam::123:role/x', region: 'us-east-1', configuration_set_name: null } };
    const d = validateBlock(cfg, emailProviderResource.schema.block);
    expect(d.map((x) => x.path)).toEqual([['aws_ses', 'role_arn']]);
  });

  test('CIDR lists: the bad entry is named', () => {
    const cfg: ValueObject = { allow_source_cidrs: ['10.0.0.0/8', '10.0.0.1', '300.1.1.1/8'] };
    expect(validateBlock(cfg, trustBlock)[0]?.detail).toContain('"10.0.0.1" is not a CIDR block');
  });
});

describe('apply and read', () => {
  test('the applied state carries every value the plan knew, and the API answer for unknown ones', () => {
    const planned: ValueObject = { ...providerConfig(), id: UNKNOWN, well_known_provider: 'WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND', disabled: false, issuer_url: `${ISSUER}/` };
    const answer = { ...providerState, id: 'wfp-9' };
    expect(conformToPlan(answer, planned, providerBlock)).toEqual({ ...planned, id: 'wfp-9' });
  });

  test('a read keeps the state form of equal values ("" vs null, normalized URL) and reports real changes', () => {
    const state = { ...providerState, issuer_url: `${ISSUER}/`, description: '' };
    const fresh = { ...providerState, description: null, display_name: 'Renamed in C1' };
    expect(keepEquivalent(state, fresh, providerBlock)).toEqual({ ...state, display_name: 'Renamed in C1' });
  });
});
