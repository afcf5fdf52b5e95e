/** OutboundFederation: own / read-existing, the typed binding, and the provider constraint override. */
import { Testing } from 'cdktf';
import { DEFAULT_FEDERATION_PROVIDER_CONSTRAINT, OutboundFederation, SesSender, WebIdentityTokenAccess } from '../../src/constructs';
import { addresses, newStack, synth, validationError } from './synth';

describe('OutboundFederation', () => {
  it('owns the switch with prevent_destroy and outputs the issuer', () => {
    const { stack } = newStack();
    const fed = new OutboundFederation(stack, 'federation');
    const tf = synth(stack);
    expect(tf.resource.aws_iam_outbound_web_identity_federation.federation_this).toEqual({ lifecycle: { prevent_destroy: true } });
    expect(fed.issuerIdentifier).toMatch(/^\$\{TfToken\[/);
    expect(tf.output.federation_issuer_identifier.value).toBe('${aws_iam_outbound_web_identity_federation.federation_this.issuer_identifier}');
    expect(addresses(tf)).toEqual(['aws_iam_outbound_web_identity_federation.federation_this']);
  });

  it('drops prevent_destroy only when explicitly told (preventDestroy: false)', () => {
    const { stack } = newStack();
    new OutboundFederation(stack, 'federation', { preventDestroy: false });
    const tf = synth(stack);
    expect(tf.resource.aws_iam_outbound_web_identity_federation.federation_this.lifecycle).toEqual({ prevent_destroy: false });
  });

  it('replaces cdktf\'s exact provider pin with ">= 6.26.0, < 7.0.0"', () => {
    const { stack } = newStack();
    expect(synth(stack).terraform.required_providers.aws.version).toMatch(/^\d+\.\d+\.\d+$/); // cdktf's exact pin
    new OutboundFederation(stack, 'federation');
    const tf = synth(stack);
    expect(DEFAULT_FEDERATION_PROVIDER_CONSTRAINT).toBe('>= 6.26.0, < 7.0.0');
    expect(tf.terraform.required_providers.aws).toEqual({ source: 'aws', version: '>= 6.26.0, < 7.0.0' });
  });

  it('read-existing uses the data source and owns nothing', () => {
    const { stack } = newStack();
    new OutboundFederation(stack, 'federation', { mode: 'read-existing' });
    const tf = synth(stack);
    expect(tf.resource).toBeUndefined();
    expect(addresses(tf)).toEqual(['data.aws_iam_outbound_web_identity_federation.federation_this']);
    expect(tf.output.federation_issuer_identifier.value).toBe('${data.aws_iam_outbound_web_identity_federation.federation_this.issuer_identifier}');
    expect(tf.terraform.required_providers.aws.version).toBe('>= 6.26.0, < 7.0.0');
  });

  it('rejects an unknown mode', () => {
    const { stack } = newStack();
    const e = validationError(() => new OutboundFederation(stack, 'federation', { mode: 'adopt' as 'own' }));
    expect([e.code, e.prop]).toEqual(['C1AWS_FEDERATION_MODE_INVALID', 'mode']);
  });

  it('is never created implicitly by the other constructs', () => {
    const { stack } = newStack(Testing.app());
    new SesSender(stack, 'ses', { externalId: 'ext-id-42', region: 'us-east-1', domain: 'example.com', senderAddress: 'a@example.com' });
    new WebIdentityTokenAccess(stack, 'token', { roleNames: ['R'], audiences: ['t.conductor.one'], accountId: '123456789012' });
    const text = JSON.stringify(synth(stack));
    expect(text).not.toContain('outbound_web_identity_federation');
    expect(JSON.parse(text).terraform.required_providers.aws.version).not.toContain('6.26.0');
  });
});
