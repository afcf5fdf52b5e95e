/** The email provider's bounded retry while C1 cannot assume a freshly created role yet (IAM propagation). */
import { C1ApiError } from '../../src/c1/errors';
import type { EmailProvider, EmailProviderSettings } from '../../src/c1/email-provider';
import { emailProviderResource, isAssumeRoleRefusal } from '../../src/provider/resources/email-provider';
import type { ProviderContext } from '../../src/provider/resource';
import { retryWhile } from '../../src/provider/retry';

const ROLE = 'arn:aws:iam::111122223333:role/c1-ses-sender';
const refusal = (): C1ApiError => new C1ApiError(400, 'POST', '/api/v1/settings/email-provider', `could not assume role ${ROLE}: AccessDenied (not authorized to perform sts:AssumeRole)`);

test('assume-role refusals are retryable; other refusals and other statuses are not', () => {
  expect(isAssumeRoleRefusal(refusal())).toBe(true);
  expect(isAssumeRoleRefusal(new C1ApiError(400, 'POST', '/x', 'fromAddress must be an email address'))).toBe(false);
  expect(isAssumeRoleRefusal(new C1ApiError(403, 'POST', '/x', 'could not assume role'))).toBe(false);
});

test('retryWhile: backs off, stops at the deadline and rethrows the last error', async () => {
  let now = 0;
  const waits: number[] = [];
  let calls = 0;
  const fn = async (): Promise<string> => {
    calls++;
    throw refusal();
  };
  await expect(
    retryWhile(fn, isAssumeRoleRefusal, {
      totalMs: 5_000,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    }),
  ).rejects.toThrow('could not assume role');
  expect(waits).toEqual([500, 1000, 2000, 1500]);
  expect(calls).toBe(5);
});

test('create: a role C1 cannot assume yet is retried until C1 accepts it; a different refusal fails at once', async () => {
  const saves: EmailProviderSettings[] = [];
  let refuseFirst = 1;
  const api = {
    save: async (s: EmailProviderSettings) => {
      saves.push(s);
      if (refuseFirst-- > 0) throw refusal();
      return { ...s };
    },
  } as unknown as EmailProvider;
  const provider: ProviderContext = { client: () => { throw new Error('unused'); }, assumeRoleRetryMs: 2_000, stopSignal: new AbortController().signal };
  const planned = { id: null, from_name: null, from_address: 'c1@mail.example.com', reply_to_address: null, aws_ses: { role_arn: ROLE, region: 'us-east-1', configuration_set_name: null } };
  const state = await emailProviderResource.create(api, planned, provider);
  expect(saves).toHaveLength(2);
  expect(state).toEqual({ ...planned, id: 'tenant' });

  const other = { save: async () => { throw new C1ApiError(400, 'POST', '/x', 'fromAddress is not verified'); } } as unknown as EmailProvider;
  const t0 = Date.now();
  await expect(emailProviderResource.create(other, planned, provider)).rejects.toThrow('fromAddress is not verified');
  expect(Date.now() - t0).toBeLessThan(400);
});
