import { runChecks } from '../../src/validate/run';
import { celCheck } from '../../src/validate/static/cel';
import { dnsCheck } from '../../src/validate/static/dns';
import { fromJson } from '../../src/validate/static/inputs';
import { parseDmarc } from '../../src/validate/dmarc';
import { Json, sesStack } from './fixtures/stack';

async function dnsCodes(stack: Json): Promise<string[]> {
  const [r] = await runChecks([dnsCheck(fromJson(stack, 'stack.json'))]);
  return r.findings.map((f) => f.code);
}
const recs = (s: Json): Json => s.resource.aws_route53_record;

describe('static DNS check', () => {
  it('passes the records of a correct stack', async () => {
    expect(await dnsCodes(sesStack())).toEqual([]);
  });
  it('catches a missing DKIM record', async () => {
    const s = sesStack();
    delete recs(s).dkim_2;
    expect(await dnsCodes(s)).toEqual(['DNS_DKIM_COUNT']);
  });
  it('accepts count = 3 on one record and catches count = 2', async () => {
    const s = sesStack();
    delete recs(s).dkim_1;
    delete recs(s).dkim_2;
    recs(s).dkim_0.count = 3;
    expect(await dnsCodes(s)).toEqual([]);
    recs(s).dkim_0.count = 2;
    expect(await dnsCodes(s)).toEqual(['DNS_DKIM_COUNT']);
  });
  it('catches a wrong DKIM target and a wrong name', async () => {
    const s = sesStack();
    recs(s).dkim_0.records = ['x.dkim.example.net'];
    recs(s).dkim_1.name = recs(s).dkim_1.name.replace('._domainkey.example.com', '._domainkey.example.com.evil.org');
    expect(await dnsCodes(s)).toEqual(expect.arrayContaining(['DNS_DKIM_TARGET']));
    const t = sesStack();
    recs(t).dkim_1.records = [recs(t).dkim_2.records[0]];
    expect(await dnsCodes(t)).toEqual(['DNS_DKIM_TOKEN_MISMATCH']);
  });
  it('catches a MAIL FROM MX for another region, a missing SPF, and the apex as MAIL FROM', async () => {
    const s = sesStack();
    recs(s).mail_from_mx.records = ['10 feedback-smtp.eu-west-1.amazonses.com'];
    expect(await dnsCodes(s)).toEqual(['DNS_MAIL_FROM_MX']);
    const t = sesStack();
    delete recs(t).mail_from_spf;
    expect(await dnsCodes(t)).toEqual(['DNS_MAIL_FROM_SPF']);
    const u = sesStack();
    u.resource.aws_sesv2_email_identity_mail_from_attributes.mf.mail_from_domain = 'example.com';
    expect(await dnsCodes(u)).toEqual(expect.arrayContaining(['DNS_MAIL_FROM_APEX']));
  });
  it('catches DMARC syntax errors and a missing DMARC', async () => {
    const s = sesStack();
    recs(s).dmarc.records = ['v=DMARC1; p=maybe'];
    expect(await dnsCodes(s)).toEqual(['DNS_DMARC_SYNTAX']);
    delete recs(s).dmarc;
    expect(await dnsCodes(s)).toEqual(['DNS_DMARC_MISSING']);
  });
  it('parses DMARC', () => {
    expect(parseDmarc('v=DMARC1; p=reject; pct=50; rua=mailto:d@example.com')).toMatchObject({ ok: true, record: { policy: 'reject', pct: 50 } });
    expect(parseDmarc('p=none; v=DMARC1').ok).toBe(false);
    expect(parseDmarc('v=DMARC1; rua=mailto:a@b.c').ok).toBe(false);
  });
});

describe('static CEL trust lint', () => {
  it('passes the stack output, catches a trust without the role binding', async () => {
    const [ok] = await runChecks([celCheck(fromJson(sesStack(), 'x'))]);
    expect(ok.findings).toEqual([]);
    const [bad] = await runChecks([celCheck(undefined, 'claims["https://sts.amazonaws.com/"]["aws_account"] == "123456789012"')]);
    expect(bad.findings.map((f) => f.code)).toContain('CEL_NO_SUB_BINDING');
    const [parse] = await runChecks([celCheck(undefined, 'claims.sub == ')]);
    expect(parse.findings.map((f) => f.code)).toEqual(['CEL_PARSE_ERROR']);
    expect(parse.status).toBe('fail');
  });
});
