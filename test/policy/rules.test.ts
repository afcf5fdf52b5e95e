import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACCOUNT_ID_RULE,
  CONFIGURATION_SET_NAME_RULE,
  REGION_RULE,
  DOMAIN_RULE,
  EMAIL_RULE,
  EXTERNAL_ID_RULE,
  InputRule,
  redact,
  ROLE_NAME_RULE,
  ROLE_PATH_RULE,
} from '../../src/policy/rules';

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
];

describe('input rules (TypeScript predicates)', () => {
  it.each(CASES.map(([r, v, ok]) => [r.code, v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v, ok, r, v] as const))(
    '%s %j → %s',
    (_code, _shown, ok, rule, value) => {
      expect(rule.test(value)).toBe(ok);
    },
  );

  it('every rule says what it requires and has a stable code', () => {
    for (const r of [EXTERNAL_ID_RULE, ROLE_NAME_RULE, ROLE_PATH_RULE, DOMAIN_RULE, EMAIL_RULE, ACCOUNT_ID_RULE, REGION_RULE, CONFIGURATION_SET_NAME_RULE]) {
      expect(r.code).toMatch(/^C1AWS_[A-Z_]+$/);
      expect(r.requirement.length).toBeGreaterThan(10);
      expect(r.hcl).toContain('VALUE');
    }
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
      const exprs = CASES.map(([r, v]) => `    ${r.hcl.replace(/VALUE/g, hclString(v))},`).join('\n');
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
