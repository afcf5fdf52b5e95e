import { CheckResult } from '../../src/validate/findings';
import { applyIgnore, exitCodeOf, progressLines, renderHuman, renderJson, renderJunit, scrub } from '../../src/validate/report';
import { ENVIRONMENT_ERROR, runChecks } from '../../src/validate/run';
import { SkipCheck } from '../../src/validate/findings';

const EXT = 'tenant-external-id-0123456789';
const results: CheckResult[] = [
  { id: 'trust', title: 'Trust <policy>', status: 'fail', durationMs: 2, findings: [{ code: 'TRUST_EXTERNAL_ID_MISMATCH', severity: 'error', check: 'trust', address: 'aws_iam_role.r', message: `expected ${EXT} & more`, fix: 'copy it' }] },
  { id: 'dns', title: 'DNS', status: 'warn', durationMs: 1, findings: [{ code: 'DNS_DMARC_MISSING', severity: 'warning', check: 'dns', message: 'no DMARC', fix: 'publish' }] },
  { id: 'fed', title: 'Federation', status: 'skipped', reason: 'no --client-id given', durationMs: 0, findings: [] },
];
const report = { results, ignored: [], secrets: [EXT] };

describe('report', () => {
  it('exit codes: 1 with a blocking finding, 0 when only warnings remain, 2 on environment errors', () => {
    expect(exitCodeOf(results)).toBe(1);
    expect(exitCodeOf(applyIgnore(results, ['trust_external_id_mismatch']))).toBe(0);
    expect(applyIgnore(results, ['TRUST_EXTERNAL_ID_MISMATCH'])[0].status).toBe('pass');
    expect(applyIgnore(results, ['DNS_DMARC_MISSING'])[1].status).toBe('pass');
    const env: CheckResult = { id: 'x', title: 'x', status: 'fail', durationMs: 0, findings: [{ code: ENVIRONMENT_ERROR, severity: 'error', check: 'x', message: 'unreachable', fix: 'f' }] };
    expect(exitCodeOf([...results, env])).toBe(2);
    expect(exitCodeOf(applyIgnore([env], [ENVIRONMENT_ERROR]))).toBe(2);
  });
  it('never prints the External ID in any format', () => {
    for (const out of [renderHuman(report), renderJson(report), renderJunit(report), progressLines(results[0], [EXT])]) {
      expect(out).not.toContain(EXT);
      expect(out).toContain('tena…(29 chars)');
    }
    expect(scrub(`a ${EXT} b ${EXT}`, [EXT])).toBe('a tena…(29 chars) b tena…(29 chars)');
  });
  it('renders JSON with statuses and findings', () => {
    const j = JSON.parse(renderJson(report));
    expect(j.exitCode).toBe(1);
    expect(j.checks.map((c: { status: string }) => c.status)).toEqual(['fail', 'warn', 'skipped']);
    expect(j.checks[0].findings[0]).toMatchObject({ code: 'TRUST_EXTERNAL_ID_MISMATCH', severity: 'error', address: 'aws_iam_role.r', fix: 'copy it' });
    expect(j.checks[2].reason).toBe('no --client-id given');
  });
  it('renders JUnit XML: failures, skipped, escaped text', () => {
    const x = renderJunit(report);
    expect(x).toMatch(/^<\?xml version="1.0"/);
    expect(x).toContain('tests="3" failures="1" errors="0" skipped="1"');
    expect(x).toContain('name="Trust &lt;policy&gt;"');
    expect(x).toContain('<failure message="TRUST_EXTERNAL_ID_MISMATCH" type="TRUST_EXTERNAL_ID_MISMATCH">');
    expect(x).toContain('&amp; more');
    expect(x).toContain('<skipped message="no --client-id given"/>');
    expect(x).toContain('<system-out>warning DNS_DMARC_MISSING');
  });
  it('human output: one line per check and a summary', () => {
    const h = renderHuman(report);
    expect(h).toMatch(/FAIL {2}Trust <policy> \[trust\]/);
    expect(h).toMatch(/SKIP {2}Federation \[fed\] — no --client-id given/);
    expect(h).toContain('Summary: 3 checks — 1 failed, 1 warned, 1 skipped (1 error, 1 warning).');
    expect(h).toContain('FAILED');
    expect(renderHuman({ ...report, results: [results[2]] })).toContain('Summary: 1 check — 1 skipped.');
  });
  it('the runner reports each check as it completes, skips with reasons, and records crashes', async () => {
    const seen: string[] = [];
    const rs = await runChecks(
      [
        { id: 'slow', title: 'slow', run: () => new Promise((r) => setTimeout(() => r({ findings: [] }), 30)) },
        { id: 'skip', title: 'skip', run: () => { throw new SkipCheck('nothing to do'); } },
        { id: 'boom', title: 'boom', run: () => { throw new Error('kaput'); } },
      ],
      { concurrent: true, onResult: (r) => seen.push(r.id) },
    );
    expect(seen).toEqual(['skip', 'boom', 'slow']);
    expect(rs.map((r) => r.status)).toEqual(['pass', 'skipped', 'fail']);
    expect(rs[2].findings[0].code).toBe('CHECK_CRASHED');
  });
});
