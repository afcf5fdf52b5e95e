/**
 * Clean shutdown of the demo. While terraform runs, the demo owns child process groups (terraform is
 * spawned detached, so it leads its own group and its provider plugins join it) and temp dirs that hold
 * the sandbox's keys. Each is registered here while it exists; on SIGINT or SIGTERM every group is
 * ended (SIGTERM, then SIGKILL after a short grace), every dir removed, and the process exits with
 * 128 + the signal number (130 for SIGINT, 143 for SIGTERM), as shells expect.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

const groups = new Set<number>();
const dirs = new Set<string>();

/** Track a child spawned with `detached: true` (the leader of its own process group) until it closes. */
export function trackProcessGroup(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  groups.add(pid);
  child.once('close', () => {
    // terraform has exited; plugins it started may still be shutting down in its group.
    if (!groupAlive(pid)) groups.delete(pid);
  });
}

/** Track a temp dir until `release` is called (after the owner removed it). */
export function trackTempDir(dir: string): () => void {
  dirs.add(dir);
  return () => {
    dirs.delete(dir);
  };
}

const HAS_PROC = process.platform === 'linux' && fs.existsSync('/proc/self/stat');

/**
 * Whether a live (not zombie) process is in the group. Killed plugins whose parent died are reparented
 * to init, which in a container may never reap them: as zombies they are gone, though kill(-pgid, 0)
 * still finds them, so on Linux the group is read from /proc.
 */
function groupAlive(pgid: number): boolean {
  if (HAS_PROC) {
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
      } catch {
        // gone meanwhile
      }
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** End every tracked process group and remove every tracked dir. Safe to call more than once. */
export async function cleanUpNow(graceMs = 1500): Promise<void> {
  const pgids = [...groups];
  for (const g of pgids) signalGroup(g, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pgids.some(groupAlive) && Date.now() < deadline) await sleep(50);
  for (const g of pgids) if (groupAlive(g)) signalGroup(g, 'SIGKILL');
  // SIGKILL is delivered at once, but give the kernel a moment before removing their working dir.
  const killDeadline = Date.now() + 1000;
  while (pgids.some(groupAlive) && Date.now() < killDeadline) await sleep(20);
  for (const g of pgids) groups.delete(g);
  for (const d of [...dirs]) {
    fs.rmSync(d, { recursive: true, force: true });
    dirs.delete(d);
  }
}

const EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Install SIGINT/SIGTERM/SIGHUP handlers for the lifetime of a command: on the first signal, say so
 * on stderr, run `stop` (e.g. stop the sandboxes) and the clean-up above, then exit 128 + signal.
 * A second signal while cleaning up exits at once (after a best-effort synchronous removal of the dirs).
 * Returns a function that removes the handlers.
 */
export function exitCleanlyOnSignals(stderr: (s: string) => void, stop: () => Promise<void> = async () => undefined): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    const code = EXIT_CODES[signal] ?? 1;
    if (stopping) {
      for (const g of groups) signalGroup(g, 'SIGKILL');
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
      process.exit(code);
    }
    stopping = true;
    stderr(`\nc1-aws demo: ${signal} received: stopping terraform and its providers, removing temp files, stopping the sandboxes.\n`);
    void (async (): Promise<void> => {
      await cleanUpNow();
      await Promise.race([stop().catch(() => undefined), sleep(2000)]);
      process.exit(code);
    })();
  };
  // Any other way out (an uncaught error, process.exit elsewhere): kill and remove synchronously.
  const onExit = (): void => {
    for (const g of groups) signalGroup(g, 'SIGKILL');
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, handler);
  process.on('exit', onExit);
  return () => {
    for (const s of signals) process.off(s, handler);
    process.off('exit', onExit);
  };
}
