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

test('a create whose answer was lost (timeout, dropped connection, 500) says the object may exist in C1; other cases do not', () => {
  const MAYBE = 'C1 may have created the object before the answer was lost';
  const lost = new C1HttpError('C1AWS_HTTP_TIMEOUT', 'POST', 'http://127.0.0.1:1/api/v1/service_principals', 1, 'POST … failed after 1 attempt(s): no answer within 10000 ms.', { fix: 'x' });
  expect(diagnosticsFromError('Create c1_service_principal', lost)[0]?.detail).toContain(MAYBE);
  expect(diagnosticsFromError('Create c1_service_principal', new C1ApiError(500, 'POST', '/api/v1/service_principals', 'boom'))[0]?.detail).toContain(MAYBE);
  // Not sent (refused 3 times), refused as unavailable (503), or not a create: nothing can exist.
  const refused = new C1HttpError('C1AWS_HTTP_UNREACHABLE', 'POST', 'http://127.0.0.1:1/api/v1/service_principals', 3, 'POST … failed after 3 attempt(s): ECONNREFUSED.', { fix: 'x' });
  expect(diagnosticsFromError('Create c1_service_principal', refused)[0]?.detail).not.toContain(MAYBE);
  expect(diagnosticsFromError('Create c1_service_principal', new C1ApiError(503, 'POST', '/api/v1/service_principals', 'busy'))[0]?.detail).not.toContain(MAYBE);
  expect(diagnosticsFromError('Read c1_service_principal', new C1ApiError(500, 'GET', '/api/v1/service_principals/x', 'boom'))[0]?.detail).not.toContain(MAYBE);
});
