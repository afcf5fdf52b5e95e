/** Errors become diagnostics with a summary and a detail that quotes C1's status and message and says what to do. */
import { C1ApiError, C1HttpError } from '../../src/c1/errors';
import { diagnosticsFromError, DiagnosticsError, error } from '../../src/provider/diagnostics';

test.each([
  [401, 'did not accept the credentials'],
  [403, 'lack the permission'],
  [404, 'does not exist'],
  [409, 'conflicts'],
])('HTTP %i quotes C1 and says what to do', (status, hint) => {
  const [d] = diagnosticsFromError('Create c1_service_principal', new C1ApiError(status, 'POST', '/api/v1/service_principals', 'C1 says why'));
  expect(d?.severity).toBe('error');
  expect(d?.summary).toBe(`Create c1_service_principal: C1 answered HTTP ${status}`);
  expect(d?.detail).toContain('POST /api/v1/service_principals with HTTP');
  expect(d?.detail).toContain('C1 says why');
  expect(d?.detail).toContain(hint);
});

test('an unreachable tenant names the attempts and the settings to check', () => {
  const err = new C1HttpError('C1AWS_HTTP_UNREACHABLE', 'GET', 'http://127.0.0.1:1/x', 3, 'GET http://127.0.0.1:1/x failed after 3 attempt(s): ECONNREFUSED.', { fix: 'check the URL' });
  const [d] = diagnosticsFromError('Read c1_service_principal', err);
  expect(d?.summary).toBe('Read c1_service_principal: the C1 tenant is unreachable');
  expect(d?.detail).toContain('after 3 attempt(s)');
  expect(d?.detail).toContain('server_url');
});

test('diagnostics raised on purpose pass through unchanged; anything else is reported as unexpected', () => {
  const mine = error('Invalid import id', 'detail');
  expect(diagnosticsFromError('Import', new DiagnosticsError([mine]))).toEqual([mine]);
  expect(diagnosticsFromError('Import', new Error('boom'))[0]?.summary).toBe('Import: unexpected error');
});
