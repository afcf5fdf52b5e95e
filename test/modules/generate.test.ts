/** The module generator: shape of the generated modules, and drift detection by `modules check`. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboundFederationProps, SesSenderProps, WebIdentityTokenAccessProps } from '../../src/constructs';
import { MODULES } from '../../src/constructs/modules/definitions';
import { checkModules, renderAllModules } from '../../src/constructs/modules/files';
import { EXTERNAL_ID_RULE, REGION_RULE, ROLE_NAME_RULE, ROLE_PATH_RULE } from '../../src/policy/rules';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = join(__dirname, '..', '..');
const files = renderAllModules();
const mod = (name: string): Json => JSON.parse(files.get(join(name, 'main.tf.json'))!) as Json;
const NAMES = ['c1-ses-sender', 'c1-outbound-federation', 'c1-web-identity-token'];

let dir = '';
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('generated modules', () => {
  it('are main.tf.json + README.md per module (the AWS-side ones among them)', () => {
    const all = MODULES.map((m) => m.name);
    expect(all).toEqual(expect.arrayContaining(NAMES));
    expect([...files.keys()].sort()).toEqual(all.flatMap((n) => [join(n, 'README.md'), join(n, 'main.tf.json')]).sort());
  });

  it.each(NAMES)('%s: no provider, no backend, required_version and a lower-bounded aws', (n) => {
    const m = mod(n);
    expect(m.provider).toBeUndefined();
    expect(m.terraform.backend).toBeUndefined();
    expect(m.terraform.required_version).toBe('>= 1.5.0');
    expect(m.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: n === 'c1-outbound-federation' ? '>= 6.26.0' : '>= 5.0.0' });
  });

  it.each(NAMES)('%s: human names, every variable typed and described, every output described', (n) => {
    const m = mod(n);
    for (const kind of ['resource', 'data'] as const) {
      for (const byName of Object.values((m[kind] ?? {}) as Json)) {
        for (const name of Object.keys(byName as Json)) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      }
    }
    for (const [name, v] of Object.entries((m.variable ?? {}) as Json)) {
      expect([name, typeof v.type, typeof v.description]).toEqual([name, 'string', 'string']);
      for (const val of v.validation ?? []) expect(val.error_message).toMatch(/\[C1AWS_[A-Z0-9_]+\]\.$/);
    }
    for (const [name, o] of Object.entries(m.output as Json)) expect([name, (o as Json).description.length > 10]).toEqual([name, true]);
    expect(JSON.stringify(m)).not.toContain('"//"');
  });

  it('c1-ses-sender: validation blocks mirror the construct rules', () => {
    const v = mod('c1-ses-sender').variable as Json;
    const cond = (name: string): string[] => (v[name].validation as Json[]).map((x) => x.condition as string);
    expect(cond('external_id')).toContain(`\${${EXTERNAL_ID_RULE.hcl.replace(/VALUE/g, 'var.external_id')}}`);
    expect(cond('region')).toContain(`\${${REGION_RULE.hcl.replace(/VALUE/g, 'var.region')}}`);
    expect(cond('role_name')).toContain(`\${${ROLE_NAME_RULE.hcl.replace(/VALUE/g, 'var.role_name')}}`);
    expect(cond('role_path')).toContain(`\${${ROLE_PATH_RULE.hcl.replace(/VALUE/g, 'var.role_path')}}`);
    expect(v.external_id.sensitive).toBe(true);
    // No validation reads another variable (needs Terraform 1.9; the module allows 1.5+).
    for (const [name, x] of Object.entries(v)) {
      for (const val of (x as Json).validation ?? []) {
        const others = [...String(val.condition).matchAll(/var\.(\w+)/g)].map((mm) => mm[1]).filter((o) => o !== name);
        expect([name, others]).toEqual([name, []]);
      }
    }
    const mf = mod('c1-ses-sender').resource.aws_sesv2_email_identity_mail_from_attributes.mail_from;
    expect(mf.lifecycle.precondition[0].error_message).toContain('[C1AWS_MAIL_FROM_NOT_SUBDOMAIN]');
    // the identity's domain: `domain`, or the domain of `email_address`
    expect(mf.lifecycle.precondition[0].condition).toBe('${endswith(var.mail_from_subdomain, join("", [".", coalesce(var.domain, element(split("@", coalesce(var.email_address, "@")), 1))]))}');
  });

  // Every construct option is a module variable. The records are typed by the props interfaces, so a new
  // prop without an entry here fails the type check; null marks the few that cannot be a variable, with why.
  const SES_VARIABLES: Record<keyof SesSenderProps, string | null> = {
    externalId: 'external_id', region: 'region', domain: 'domain', emailAddress: 'email_address', senderAddress: 'sender_address',
    senderName: 'sender_name', replyToAddress: 'reply_to_address', hostedZoneId: 'hosted_zone_id', manageDnsRecords: 'manage_dns_records',
    dkimTarget: 'dkim_target', recordTtl: 'record_ttl', mailFromSubdomain: 'mail_from_subdomain', mailFromBehaviorOnMxFailure: 'mail_from_behavior_on_mx_failure',
    mailFromSpfQualifier: 'mail_from_spf_qualifier', dmarc: 'dmarc_policy', configurationSet: 'configuration_set_name', roleName: 'role_name',
    rolePath: 'role_path', permissionsBoundaryArn: 'permissions_boundary_arn', maxSessionDurationSeconds: 'max_session_duration', tags: 'tags',
    sendPolicyName: 'send_policy_name', pinFromAddress: 'pin_from_address', allowAllResources: 'allow_all_resources', c1PrincipalArn: 'c1_principal_arn',
    namePrefix: null, // a module's resource names are fixed
  };
  const TOKEN_VARIABLES: Record<keyof WebIdentityTokenAccessProps, string | null> = {
    roleNames: 'role_name', clientId: 'client_id', audiences: 'audiences', accountId: 'account_id', rolePath: 'role_path',
    maxDurationSeconds: 'max_duration_seconds', signingAlgorithm: 'signing_algorithm', allowRequestTags: 'allow_request_tags',
    policyName: 'policy_name', orgId: 'org_id', principalTags: 'principal_tags', namePrefix: null,
  };
  const FEDERATION_VARIABLES: Record<keyof OutboundFederationProps, string | null> = {
    mode: null, // 'read-existing' is a data source: switching by count would move the switch's address (import path, state)
    preventDestroy: null, // lifecycle settings must be literals
    providerVersionConstraint: null, // required_providers cannot use variables; the module declares >= 6.26.0
    namePrefix: null,
  };

  it.each([
    ['c1-ses-sender', SES_VARIABLES, ['dmarc_report_addresses', 'create_configuration_set']],
    ['c1-web-identity-token', TOKEN_VARIABLES, []],
    ['c1-outbound-federation', FEDERATION_VARIABLES, []],
  ] as const)('%s: every construct option is a variable', (n, map, extra) => {
    const declared = Object.keys((mod(n).variable ?? {}) as Json).sort();
    const expected = [...Object.values(map as Record<string, string | null>).filter((x): x is string => x !== null), ...extra].sort();
    expect(declared).toEqual(expected);
  });

  it.each(NAMES)('%s: every variable that is not a bool has a validation with a code', (n) => {
    for (const [name, v] of Object.entries((mod(n).variable ?? {}) as Json)) {
      if (v.type === 'bool') {
        expect([name, v.nullable]).toEqual([name, false]); // a bool that cannot be null has no other bad value
        continue;
      }
      expect([name, (v.validation ?? []).length > 0]).toEqual([name, true]);
    }
  });

  it('c1-outbound-federation: prevent_destroy and the import path documented', () => {
    expect(mod('c1-outbound-federation').resource.aws_iam_outbound_web_identity_federation.this).toEqual({ lifecycle: { prevent_destroy: true } });
    const readme = files.get(join('c1-outbound-federation', 'README.md'))!;
    expect(readme).toContain('terraform import module.<name>.aws_iam_outbound_web_identity_federation.this <12-digit account id>');
  });

  it('READMEs list every variable and output', () => {
    for (const n of NAMES) {
      const readme = files.get(join(n, 'README.md'))!;
      const m = mod(n);
      for (const name of [...Object.keys(m.variable ?? {}), ...Object.keys(m.output)]) expect([n, readme.includes(`| ${name} |`)]).toEqual([n, true]);
      expect(readme).toContain('```hcl');
    }
  });

  it('the committed modules/ matches the generator', () => {
    const drift = checkModules(join(root, 'modules'));
    expect(drift).toEqual({ missing: [], changed: [], extra: [] });
  });

  it('`modules check` lists a changed, a missing and an extra file and exits 1', () => {
    dir = mkdtempSync(join(tmpdir(), 'c1-aws-modules-check-'));
    cpSync(join(root, 'modules'), dir, { recursive: true });
    const changed = join(dir, 'c1-ses-sender', 'main.tf.json');
    writeFileSync(changed, readFileSync(changed, 'utf8').replace('"c1-ses-send"', '"renamed-by-hand"'));
    unlinkSync(join(dir, 'c1-web-identity-token', 'README.md'));
    writeFileSync(join(dir, 'c1-outbound-federation', 'extra.tf'), '# hand-written\n');
    expect(checkModules(dir)).toEqual({
      missing: [join('c1-web-identity-token', 'README.md')],
      changed: [join('c1-ses-sender', 'main.tf.json')],
      extra: [join('c1-outbound-federation', 'extra.tf')],
    });
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), 'modules', 'check', '--dir', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { status: number; stderr: string };
      status = err.status;
      stderr = err.stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toContain(`differs: ${dir}/c1-ses-sender/main.tf.json`);
    expect(stderr).toContain(`missing: ${dir}/c1-web-identity-token/README.md`);
    expect(stderr).toContain(`not generated: ${dir}/c1-outbound-federation/extra.tf`);
    expect(stderr).toContain('npm run modules');
  });
});
