/** The demo's clean-up registry: a tracked process group is ended with all its members (a provider plugin is terraform's child), a tracked dir removed. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanUpNow, trackProcessGroup, trackTempDir } from '../../src/demo/shutdown';
import { liveGroupMembers, procAvailable } from './processes';

const groupAlive = (pgid: number): boolean => liveGroupMembers(pgid).length > 0;

it('ends the whole group (a grandchild that ignores SIGTERM included) and removes the dir', async () => {
  if (!procAvailable()) {
    console.log('skipped: /proc is not available to inspect the process group');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-shutdown-unit-'));
  fs.writeFileSync(path.join(dir, 'main.tf'), 'provider "aws" { secret_key = "x" }');
  // A "terraform" with a "plugin" child that ignores SIGTERM: only SIGKILL of the group ends it.
  const child = spawn('sh', ['-c', "sh -c 'trap \"\" TERM; sleep 60' & sleep 60"], { detached: true, stdio: 'ignore' });
  trackProcessGroup(child);
  trackTempDir(dir);
  await new Promise((r) => setTimeout(r, 200));
  expect(liveGroupMembers(child.pid!).length).toBe(4); // sh, sleep; the inner sh ignoring TERM, its sleep
  expect(groupAlive(child.pid!)).toBe(true);
  const t0 = Date.now();
  await cleanUpNow(300);
  expect(groupAlive(child.pid!)).toBe(false);
  expect(fs.existsSync(dir)).toBe(false);
  expect(Date.now() - t0).toBeLessThan(5000);
});

it('a released dir is left alone; calling it twice is harmless', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-shutdown-unit-'));
  const release = trackTempDir(dir);
  release();
  await cleanUpNow();
  await cleanUpNow();
  expect(fs.existsSync(dir)).toBe(true);
  fs.rmSync(dir, { recursive: true, force: true });
});
