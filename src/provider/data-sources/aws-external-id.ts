/** Data source `c1_aws_external_id`: the tenant-wide External ID C1 passes when it assumes roles in your AWS accounts. */
import { EmailProvider } from '../../c1/email-provider';
import type { DataSourceDefinition } from '../resource';
import { computed } from '../schema/model';

// ── type name ──
const TYPE_NAME = 'c1_aws_external_id';

// ── schema ──
const schema = {
  version: 0,
  block: {
    description:
      "The tenant's AWS External ID: C1 passes it as `sts:ExternalId` when it assumes a role in your account (e.g. the SES sender role). Use it in the role's trust policy instead of pasting it. Sensitive: it is masked in plan output and never logged.",
    attributes: {
      external_id: computed('string', 'The External ID (sensitive).', { sensitive: true }),
    },
  },
} as const;

export const awsExternalIdDataSource: DataSourceDefinition<EmailProvider> = {
  typeName: TYPE_NAME,
  schema,

  // ── configure ──
  configure: (provider) => new EmailProvider(provider.client()),

  // ── read ──
  read: async (api) => ({ external_id: await api.getAwsExternalId() }),

  docs: {
    example: `data "c1_aws_external_id" "this" {}

data "aws_iam_policy_document" "c1_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::765656841499:role/ConductorOneService"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [data.c1_aws_external_id.this.external_id]
    }
  }
}`,
  },
};
