import * as path from 'node:path';
import { checkHeaders, parseAuthenticationResults } from '../../src/validate/check-headers';
import { runCheckHeaders } from '../../src/cli/commands/check-headers';
import * as fs from 'node:fs';

const fx = (n: string): string => path.join(__dirname, 'fixtures', 'eml', n);
const codes = (n: string): string[] => checkHeaders(fs.readFileSync(fx(n))).findings.map((f) => f.code);

describe('check-headers', () => {
  it('parses Authentication-Results with comments, several DKIM results and properties', () => {
    const ar = parseAuthenticationResults('mx.example; dkim=pass (good) header.d=example.com header.s=s1; spf=pass (x; y) smtp.mailfrom=b@mail.example.com; dmarc=pass header.from=example.com');
    expect(ar.authservId).toBe('mx.example');
    expect(ar.results).toEqual([
      { method: 'dkim', result: 'pass', props: { 'header.d': 'example.com', 'header.s': 's1' } },
      { method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'b@mail.example.com' } },
      { method: 'dmarc', result: 'pass', props: { 'header.from': 'example.com' } },
    ]);
  });
  it('passes a message with SPF, DKIM and DMARC aligned with From (header.i form, MAIL FROM subdomain)', () => {
    const r = checkHeaders(fs.readFileSync(fx('pass.eml')));
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('pass');
  });
  it('fails a message whose SPF, DKIM and DMARC failed', () => {
    expect(codes('fail.eml')).toEqual(['HDR_SPF_FAIL', 'HDR_DKIM_FAIL', 'HDR_DMARC_FAIL']);
  });
  it('catches passes that are not aligned with the From domain (SES defaults: amazonses.com)', () => {
    expect(codes('misaligned.eml')).toEqual(['HDR_SPF_NOT_ALIGNED', 'HDR_DKIM_NOT_ALIGNED', 'HDR_DMARC_FAIL']);
  });
  it('reports a message without Authentication-Results', () => {
    expect(checkHeaders('From: a@example.com\r\nSubject: x\r\n\r\nbody').findings.map((f) => f.code)).toEqual(['HDR_NO_AUTH_RESULTS']);
  });
  it('the command exits 0 on pass and 1 on fail', () => {
    const out: string[] = [];
    expect(runCheckHeaders(fx('pass.eml'), {}, { stdout: (s) => out.push(s) })).toBe(0);
    expect(runCheckHeaders(fx('misaligned.eml'), { json: true }, { stdout: (s) => out.push(s) })).toBe(1);
    expect(JSON.parse(out[1]).checks[0].status).toBe('fail');
    expect(() => runCheckHeaders(fx('nope.eml'), {}, { stdout: () => undefined })).toThrow(/cannot read/);
  });
});

describe('check-headers input files', () => {
  it('refuses a FIFO and a device instead of reading forever; --json errors are JSON on stdout', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'c1-eml-'));
    try {
      const link = path.join(dir, 'msg.eml');
      fs.symlinkSync('/dev/zero', link);
      expect(() => runCheckHeaders(link, {}, { stdout: () => undefined })).toThrow(/not a regular file/);
      let out = '';
      expect(runCheckHeaders(link, { json: true }, { stdout: (s) => (out += s) })).toBe(2);
      expect(JSON.parse(out)).toMatchObject({ exitCode: 2, error: { code: 'C1AWS_USAGE' } });
      const fifo = path.join(dir, 'fifo.eml');
      if (require('node:child_process').spawnSync('mkfifo', [fifo]).status === 0) expect(() => runCheckHeaders(fifo, {}, { stdout: () => undefined })).toThrow(/a FIFO/);
      else console.log('skipped: mkfifo is not available (FIFO case)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
