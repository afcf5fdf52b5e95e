/**
 * C1AwsExternalId: the C1 tenant's External ID, read in the plan from the `c1_aws_external_id` data
 * source, so the SES role's trust takes it from C1 instead of a pasted secret:
 *
 *   const externalId = C1AwsExternalId.of(stack).externalId;
 *   const ses = new SesSender(stack, 'ses', { externalId, ... });
 *
 * One per stack and c1 provider configuration (`of` returns the same one). The value is sensitive:
 * terraform hides it, and outputs that carry it must be marked sensitive.
 */
import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DataC1AwsExternalId } from './bindings/c1/data-c1-aws-external-id';
import { setName } from './terraform';

export interface C1AwsExternalIdProps {
  /** The c1 provider configuration to read with. @default - the stack's default c1 provider */
  readonly provider?: TerraformProvider;
  /** Prefix of the Terraform names; '' gives bare names. @default - this construct's path under its stack */
  readonly namePrefix?: string;
}

export class C1AwsExternalId extends Construct {
  /** The same construct for `scope`'s stack and provider: created on first use. */
  public static of(scope: Construct, props: C1AwsExternalIdProps = {}): C1AwsExternalId {
    const stack = TerraformStack.of(scope);
    const suffix = props.provider ? `_${props.provider.node.id.replace(/[^A-Za-z0-9_]/g, '_')}` : '';
    // `data.c1_aws_external_id.c1_tenant_external_id`: the tenant's External ID.
    const id = `c1-tenant${suffix}`;
    return (stack.node.tryFindChild(id) as C1AwsExternalId | undefined) ?? new C1AwsExternalId(stack, id, props);
  }

  /** The tenant's External ID (a Terraform reference, sensitive). */
  public readonly externalId: string;
  /** The data source (escape hatch). */
  public readonly dataSource: DataC1AwsExternalId;

  constructor(scope: Construct, id: string, props: C1AwsExternalIdProps = {}) {
    super(scope, id);
    this.dataSource = new DataC1AwsExternalId(this, 'this', { ...(props.provider ? { provider: props.provider } : {}) });
    setName(this.dataSource, this, 'external_id', props.namePrefix);
    this.externalId = this.dataSource.externalId;
  }
}
