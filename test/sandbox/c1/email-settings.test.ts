/**
 * The email provider singleton as C1 serves it: C1's built-in sender until something is saved,
 * POST {emailProvider, updateMask} applying only masked paths, exactly one sender kind, read-only
 * timestamps, no DELETE (reset = save c1Builtin). The SES role check runs in end-to-end.test.ts.
 */
import { startC1Sandbox, type C1Sandbox } from '../../../src/sandbox/c1';
import { C1ApiClient } from '../../../src/c1/api-client';
import { EmailProvider } from '../../../src/c1/email-provider';
import { call } from './api';

let c1: C1Sandbox;
let email: EmailProvider;
let clock = Date.parse('2026-04-01T08:00:00Z');
const PATH = '/api/v1/settings/email-provider';

beforeAll(async () => {
  c1 = await startC1Sandbox({ now: () => clock });
  email = new EmailProvider(new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1.adminToken, http: { retries: 0 } }));
});

afterAll(async () => {
  await c1?.stop();
});

const post = (body: unknown): ReturnType<typeof call> => call(c1.baseUrl, c1.adminToken, 'POST', PATH, body);

test("nothing saved reads as C1's built-in sender", async () => {
  expect(await call(c1.baseUrl, c1.adminToken, 'GET', PATH)).toEqual({ status: 200, body: { emailProvider: { c1Builtin: {} } } });
  expect(await email.sendTest('someone@example.net')).toEqual({ success: true, message: expect.stringMatching(/built-in sender/) });
});

test('a save needs the wrapper and an updateMask; nothing changes when refused', async () => {
  expect((await post({ fromName: 'bare' })).body).toMatchObject({ code: 3, message: expect.stringMatching(/^emailProvider is required/) });
  expect((await post({ emailProvider: { fromName: 'no mask' } })).body.message).toMatch(/updateMask is required/);
  expect((await post({ emailProvider: { fromName: 'list' }, updateMask: ['fromName'] })).status).toBe(400);
  expect((await post({ emailProvider: { fromName: 'x' }, updateMask: 'from_name' })).body.message).toMatch(/write "fromName"/);
  expect((await call(c1.baseUrl, c1.adminToken, 'DELETE', PATH)).status).toBe(405);
  expect(await email.get()).toEqual({ c1Builtin: {} });
});

test('only masked paths apply; timestamps are set by C1 and read-only', async () => {
  const first = await email.save({ fromName: 'Acme', fromAddress: 'c1@acme.example', replyToAddress: 'help@acme.example' });
  expect(first).toEqual({ fromName: 'Acme', fromAddress: 'c1@acme.example', replyToAddress: 'help@acme.example', c1Builtin: {}, createdAt: '2026-04-01T08:00:00.000Z', updatedAt: '2026-04-01T08:00:00.000Z' });
  clock += 60_000;
  const second = await email.save({ fromName: 'Acme IT', fromAddress: 'ignored@acme.example' }, ['fromName', 'replyToAddress']);
  expect(second).toEqual({ fromName: 'Acme IT', fromAddress: 'c1@acme.example', c1Builtin: {}, createdAt: first.createdAt, updatedAt: '2026-04-01T08:01:00.000Z' });
  const ro = await post({ emailProvider: { createdAt: '2020-01-01T00:00:00Z' }, updateMask: 'createdAt' });
  expect([ro.status, ro.body.message]).toEqual([400, 'emailProvider.createdAt is read-only: it is set by C1 and cannot be changed']);
  const ignored = await post({ emailProvider: { createdAt: '2020-01-01T00:00:00Z', fromName: 'Acme' }, updateMask: 'fromName' });
  expect((ignored.body.emailProvider as { createdAt: string }).createdAt).toBe(first.createdAt);
});

test('exactly one sender kind; other kinds are not supported by the local tenant; values are checked', async () => {
  const both = await post({ emailProvider: { c1Builtin: {}, awsSes: { roleArn: 'arn:aws:iam::111122223333:role/c1-ses-sender', region: 'us-east-1' } }, updateMask: 'c1Builtin,awsSes' });
  expect([both.status, both.body.message]).toEqual([400, 'emailProvider must set exactly one of awsSes | c1Builtin']);
  const sendgrid = await post({ emailProvider: { sendgrid: { apiKey: 'x' } }, updateMask: 'sendgrid' });
  expect([sendgrid.status, sendgrid.body.message]).toEqual([400, expect.stringMatching(/sendgrid is not supported by the local tenant/)]);
  const fields = await post({ emailProvider: { c1Builtin: { x: 1 } }, updateMask: 'c1Builtin' });
  expect(fields.body.message).toMatch(/c1Builtin takes no fields/);
  const from = await post({ emailProvider: { fromAddress: 'not an address' }, updateMask: 'fromAddress' });
  expect(from.body.message).toBe('emailProvider.fromAddress "not an address" is not an email address');
  const arn = await post({ emailProvider: { awsSes: { roleArn: 'c1-ses-sender', region: 'us-east-1' } }, updateMask: 'awsSes' });
  expect(arn.body.message).toMatch(/roleArn "c1-ses-sender" is not an IAM role ARN/);
  const region = await post({ emailProvider: { awsSes: { roleArn: 'arn:aws:iam::111122223333:role/r' } }, updateMask: 'awsSes' });
  expect(region.body.message).toBe('emailProvider.awsSes.region is required');
  // a valid SES config on a tenant without an AWS endpoint: C1 cannot check it (FAILED_PRECONDITION)
  const noAws = await post({ emailProvider: { awsSes: { roleArn: 'arn:aws:iam::111122223333:role/r', region: 'eu-west-1' } }, updateMask: 'awsSes' });
  expect([noAws.status, noAws.body.code]).toEqual([400, 9]);
  expect(await email.get()).toMatchObject({ fromName: 'Acme', c1Builtin: {} });
  expect((await email.get())?.awsSes).toBeUndefined();
});

test('resetToBuiltin returns the tenant to the built-in sender and clears the sender fields', async () => {
  const before = await email.get();
  clock += 1000;
  const reset = await email.resetToBuiltin();
  expect(reset).toEqual({ c1Builtin: {}, createdAt: before?.createdAt, updatedAt: '2026-04-01T08:01:01.000Z' });
  expect(await email.get()).toEqual(reset);
});
