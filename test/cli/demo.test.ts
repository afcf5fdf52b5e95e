import { runDemo } from '../../src/cli/commands/demo';

describe('c1-aws demo (npm start)', () => {
  it('deploys into the sandboxes, configures C1, validates static + live: exit 0, says how it deployed, never prints the External ID', async () => {
    let out = '';
    let err = '';
    const code = await runDemo({}, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
    expect(code).toBe(0);
    expect(out).toContain("deploying through the sandbox's AWS APIs with the documents from src/policy (not with terraform:");
    expect(out).toMatch(/Summary: 11 checks — 11 passed, 0 failed/);
    expect(out).toContain('OK: no blocking finding');
    expect(out).toMatch(/Sandbox outbox: 2 message\(s\)/);
    const ext = /External ID is (\S+)…\((\d+) chars\)/.exec(out);
    expect(ext).not.toBeNull();
    expect(out + err).not.toMatch(new RegExp(`${ext?.[1]}[\\w+=,.@:/-]{8,}`));
  });
});
