/** The finding-code registry (README troubleshooting table, --ignore warnings) matches what the checks emit. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FINDING_CODES, isKnownFindingCode, troubleshootingTable } from '../../src/validate/codes';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

const root = path.join(__dirname, '../..');
const emitted = new Set<string>();
for (const f of [...sources(path.join(root, 'src/validate')), path.join(root, 'src/cel/lint.ts')]) {
  if (f.endsWith('codes.ts')) continue;
  const text = fs.readFileSync(f, 'utf8');
  for (const m of text.matchAll(/(?:sink\.(?:error|warn|info|add)\(|code: |ENVIRONMENT_ERROR = )'([A-Z][A-Z0-9_]+)'/g)) emitted.add(m[1]);
  for (const m of text.matchAll(/\| '(CEL_[A-Z_]+)'/g)) emitted.add(m[1]);
  for (const m of text.matchAll(/policyToCheck\([^\n]*'([A-Z][A-Z0-9_]+)'\)/g)) emitted.add(m[1]);
  for (const m of text.matchAll(/ENVIRONMENT_ERROR : '([A-Z][A-Z0-9_]+)'/g)) emitted.add(m[1]);
}

describe('finding codes', () => {
  it('every code a check emits is documented with a cause and a fix', () => {
    expect(emitted.size).toBeGreaterThan(80);
    expect([...emitted].filter((c) => !isKnownFindingCode(c))).toEqual([]);
  });
  it('every documented code is emitted somewhere (no stale rows)', () => {
    expect(FINDING_CODES.map((c) => c.code).filter((c) => !emitted.has(c))).toEqual([]);
  });
  it('codes are unique, and the table has one row per code', () => {
    const codes = FINDING_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(troubleshootingTable().split('\n')).toHaveLength(codes.length + 2);
    for (const c of FINDING_CODES) {
      expect(c.cause.length).toBeGreaterThan(10);
      expect(c.fix.length).toBeGreaterThan(5);
    }
  });
});
