import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACCOUNT_ID_RULE,
  C1_PRINCIPAL_RULE,
  CONFIGURATION_SET_NAME_RULE,
  REGION_RULE,
  DOMAIN_RULE,
  EMAIL_RULE,
  EXTERNAL_ID_RULE,
  HOSTED_ZONE_ID_RULE,
  InputRule,
  ORG_ID_RULE,
  PERMISSIONS_BOUNDARY_RULE,
  POLICY_NAME_RULE,
  redact,
  ROLE_NAME_RULE,
  ROLE_PATH_RULE,
  SENDER_NAME_RULE,
  TAG_KEY_RULE,
  TAG_VALUE_RULE,
  WORKLOAD_CLIENT_ID_RULE,
} from '../../src/policy/rules';

const ALL_RULES = [
  EXTERNAL_ID_RULE, ROLE_NAME_RULE, ROLE_PATH_RULE, DOMAIN_RULE, EMAIL_RULE, ACCOUNT_ID_RULE, REGION_RULE, CONFIGURATION_SET_NAME_RULE,
  HOSTED_ZONE_ID_RULE, POLICY_NAME_RULE, PERMISSIONS_BOUNDARY_RULE, C1_PRINCIPAL_RULE, SENDER_NAME_RULE, ORG_ID_RULE, TAG_KEY_RULE, TAG_VALUE_RULE,
  WORKLOAD_CLIENT_ID_RULE,
];

/** [rule, value, valid?] — every rule has values on both sides of its boundary. */
const CASES: ReadonlyArray<readonly [InputRule, string, boolean]> = [
  [EXTERNAL_ID_RULE, 'ab', true],
  [EXTERNAL_ID_RULE, 'a', false],
  [EXTERNAL_ID_RULE, 'x'.repeat(1224), true],
  [EXTERNAL_ID_RULE, 'x'.repeat(1225), false],
  [EXTERNAL_ID_RULE, 'tenant_1+=,.@:/-ok', true],
  [EXTERNAL_ID_RULE, 'has space', false],
  [EXTERNAL_ID_RULE, 'semi;colon', false],
  [ROLE_NAME_RULE, 'c1-ses-sender', true],
  [ROLE_NAME_RULE, 'r'.repeat(64), true],
  [ROLE_NAME_RULE, 'r'.repeat(65), false],
  [ROLE_NAME_RULE, 'bad/name', false],
  [ROLE_NAME_RULE, '', false],
  [ROLE_PATH_RULE, '/', true],
  [ROLE_PATH_RULE, '/c1/', true],
  [ROLE_PATH_RULE, '/a/b/', true],
  [ROLE_PATH_RULE, 'c1/', false],
  [ROLE_PATH_RULE, '/c1', false],
  [DOMAIN_RULE, 'example.com', true],
  [DOMAIN_RULE, 'mail.example.co.uk', true],
  [DOMAIN_RULE, 'Example.com', false],
  [DOMAIN_RULE, 'https://example.com', false],
  [DOMAIN_RULE, 'example.com.', false],
  [DOMAIN_RULE, '-bad.example.com', false],
  [DOMAIN_RULE, 'localhost', false],
  [EMAIL_RULE, 'governance@example.com', true],
  [EMAIL_RULE, 'no-at.example.com', false],
  [EMAIL_RULE, 'a@b', false],
  [ACCOUNT_ID_RULE, '123456789012', true],
  [ACCOUNT_ID_RULE, '12345678901', false],
  [ACCOUNT_ID_RULE, '12345678901a', false],
  [REGION_RULE, 'us-east-1', true],
  [REGION_RULE, 'ap-southeast-2', true],
  [REGION_RULE, 'us-gov-west-1', true],
  [REGION_RULE, 'US-EAST-1', false],
  [REGION_RULE, 'useast1', false],
  [CONFIGURATION_SET_NAME_RULE, 'c1-mail_1', true],
  [CONFIGURATION_SET_NAME_RULE, 'c'.repeat(65), false],
  [CONFIGURATION_SET_NAME_RULE, 'bad.name', false],
  // an IP address is not a domain; the TLD starts with a letter
  [DOMAIN_RULE, '192.0.2.10', false],
  [DOMAIN_RULE, 'example.c0m', true],
  [DOMAIN_RULE, 'xn--bcher-kva.example', true],
  [DOMAIN_RULE, 'bücher.example', false],
  [DOMAIN_RULE, `${'a'.repeat(63)}.com`, true],
  [DOMAIN_RULE, `${'a'.repeat(64)}.com`, false],
  [EMAIL_RULE, 'First.Last+tag@Example.COM', true],
  [EMAIL_RULE, `${'l'.repeat(64)}@example.com`, true],
  [EMAIL_RULE, `${'l'.repeat(65)}@example.com`, false],
  [EMAIL_RULE, 'a${x}@example.com', false],
  [EMAIL_RULE, 'a%{x}@example.com', false],
  [EMAIL_RULE, 'a@192.0.2.10', false],
  [EMAIL_RULE, 'a b@example.com', false],
  [EMAIL_RULE, 'a@example.com\r\nBcc: x@evil.com', false],
  [EMAIL_RULE, 'a..b@example.com', false],
  [EMAIL_RULE, 'a,b@example.com', false],
  [HOSTED_ZONE_ID_RULE, 'Z0123456789ABCDEFGHIJ', true],
  [HOSTED_ZONE_ID_RULE, '/hostedzone/Z0123', false],
  [HOSTED_ZONE_ID_RULE, 'z0123', false],
  [POLICY_NAME_RULE, 'c1-ses-send', true],
  [POLICY_NAME_RULE, 'p'.repeat(128), true],
  [POLICY_NAME_RULE, 'p'.repeat(129), false],
  [POLICY_NAME_RULE, 'has space', false],
  [PERMISSIONS_BOUNDARY_RULE, 'arn:aws:iam::123456789012:policy/boundary', true],
  [PERMISSIONS_BOUNDARY_RULE, 'arn:aws:iam::aws:policy/PowerUserAccess', true],
  [PERMISSIONS_BOUNDARY_RULE, 'arn:aws-us-gov:iam::123456789012:policy/team/boundary', true],
  [PERMISSIONS_BOUNDARY_RULE, 'boundary', false],
  [PERMISSIONS_BOUNDARY_RULE, 'arn:aws:iam::123456789012:policy/*', false],
  [PERMISSIONS_BOUNDARY_RULE, 'arn:aws:iam::123456789012:role/boundary', false],
  [C1_PRINCIPAL_RULE, 'arn:aws:iam::765656841499:role/ConductorOneService', true],
  [C1_PRINCIPAL_RULE, 'arn:aws:iam::765656841499:role/c1/ConductorOneService', true],
  [C1_PRINCIPAL_RULE, '*', false],
  [C1_PRINCIPAL_RULE, 'arn:aws:iam::765656841499:role/*', false],
  [C1_PRINCIPAL_RULE, 'arn:aws:iam::*:role/ConductorOneService', false],
  [C1_PRINCIPAL_RULE, 'arn:aws:iam::765656841499:root', false],
  [C1_PRINCIPAL_RULE, '765656841499', false],
  [SENDER_NAME_RULE, 'Governance Team', true],
  [SENDER_NAME_RULE, 'Gövernance, Équipe 团队', true],
  [SENDER_NAME_RULE, 'n'.repeat(256), true],
  [SENDER_NAME_RULE, 'n'.repeat(257), false],
  [SENDER_NAME_RULE, '', false],
  [SENDER_NAME_RULE, '   ', false],
  [SENDER_NAME_RULE, 'Gov\r\nBcc: victim@example.com', false],
  [SENDER_NAME_RULE, 'Gov\tTeam', false],
  [SENDER_NAME_RULE, 'Gov <x@evil.com>', false],
  [SENDER_NAME_RULE, 'Say "hi"', false],
  [ORG_ID_RULE, 'o-abc1234567', true],
  [ORG_ID_RULE, 'o-abc123456', false],
  [ORG_ID_RULE, 'O-ABC1234567', false],
  [TAG_KEY_RULE, 'team', true],
  [TAG_KEY_RULE, 'cost center:Ünit/=+-@_.', true],
  [TAG_KEY_RULE, 'k'.repeat(128), true],
  [TAG_KEY_RULE, 'k'.repeat(129), false],
  [TAG_KEY_RULE, '', false],
  [TAG_KEY_RULE, 'aws:owner', false],
  [TAG_KEY_RULE, 'AWS:owner', false],
  [TAG_KEY_RULE, 'a${b}', false],
  [TAG_VALUE_RULE, '', true],
  [TAG_VALUE_RULE, 'v'.repeat(256), true],
  [TAG_VALUE_RULE, 'v'.repeat(257), false],
  [TAG_VALUE_RULE, 'a{b}', false],
  [TAG_VALUE_RULE, 'line\nbreak', false],
  [WORKLOAD_CLIENT_ID_RULE, 'calm-wolf-40291@yourcompany.conductor.one/wfe', true],
  [WORKLOAD_CLIENT_ID_RULE, 'calm-wolf-40291@YourCompany.conductor.one/wfe', true],
  [WORKLOAD_CLIENT_ID_RULE, 'calm-wolf-40291@localhost:8443/wfe', true],
  [WORKLOAD_CLIENT_ID_RULE, 'calm-wolf-40291@yourcompany.conductor.one/spc', false],
  [WORKLOAD_CLIENT_ID_RULE, 'yourcompany.conductor.one', false],
  [WORKLOAD_CLIENT_ID_RULE, 'https://x@yourcompany.conductor.one/wfe', false],
];

describe('input rules (TypeScript predicates)', () => {
  it.each(CASES.map(([r, v, ok]) => [r.code, v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v, ok, r, v] as const))(
    '%s %j → %s',
    (_code, _shown, ok, rule, value) => {
      expect(rule.test(value)).toBe(ok);
    },
  );

  it('every rule says what it requires and has a stable code', () => {
    for (const r of ALL_RULES) {
      expect(r.code).toMatch(/^C1AWS_[A-Z0-9_]+$/);
      expect(r.requirement.length).toBeGreaterThan(10);
      expect(r.hcl).toContain('VALUE');
    }
  });

  it('every rule has cases on both sides (and so is checked against terraform below)', () => {
    for (const r of ALL_RULES) expect([r.code, CASES.some(([c, , ok]) => c === r && ok), CASES.some(([c, , ok]) => c === r && !ok)]).toEqual([r.code, true, true]);
  });

  it('redact never shows more than four characters of a secret', () => {
    expect(redact('abcdefghijkl')).toBe('abcd…(12 chars)');
    expect(redact('abc')).toBe('****');
    expect(redact('abcdefghijkl')).not.toContain('efgh');
  });
});

/** The generated modules' `validation` blocks use `.hcl`: it must agree with `.test`, checked by terraform itself. */
describe('input rules (Terraform expressions agree with the predicates)', () => {
  const hasTerraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
  it('terraform console evaluates each rule like the TypeScript predicate', () => {
    if (!hasTerraform) {
      console.log('skipped: terraform is not on the PATH, the HCL form of the input rules was not evaluated');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'c1aws-rules-'));
    try {
      writeFileSync(join(dir, 'empty.tfrc'), '');
      const hclString = (v: string): string => JSON.stringify(v).replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
      const exprs = CASES.map(([r, v]) => `    ${r.hcl.replace(/VALUE/g, () => hclString(v))},`).join('\n');
      writeFileSync(join(dir, 'rules.tf'), `locals {\n  results = [\n${exprs}\n  ]\n}\n`);
      const out = execFileSync('terraform', ['console'], {
        cwd: dir,
        input: 'jsonencode(local.results)\n',
        encoding: 'utf8',
        env: { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'empty.tfrc'), TF_IN_AUTOMATION: '1' },
      });
      const results = (JSON.parse(JSON.parse(out.trim())) as boolean[]).map((b) => `"${b}"`);
      expect(results).toHaveLength(CASES.length);
      CASES.forEach(([r, v, ok], i) => {
        expect({ code: r.code, value: v.slice(0, 40), hcl: results[i] }).toEqual({ code: r.code, value: v.slice(0, 40), hcl: `"${ok}"` });
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
