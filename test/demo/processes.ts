/** Processes of a test run, found through /proc: those whose working directory lies under a folder. */
import * as fs from 'node:fs';

export interface ProcessInfo {
  readonly pid: number;
  readonly cwd: string;
  readonly command: string;
}

/** Every process (of any user we may inspect) whose cwd is `dir` or below it, deleted or not. */
export function processesUnder(dir: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${name}/cwd`);
      if (cwd !== dir && !cwd.startsWith(`${dir}/`)) continue;
      const command = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(name), cwd, command });
    } catch {
      // gone, or not ours to inspect
    }
  }
  return found;
}

/** Whether /proc can be read this way on this machine (Linux). */
export function procAvailable(): boolean {
  try {
    return fs.readlinkSync('/proc/self/cwd').length > 0;
  } catch {
    return false;
  }
}

/** Live (not zombie) members of a process group, from /proc. */
export function liveGroupMembers(pgid: number): number[] {
  const found: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') found.push(Number(name));
    } catch {
      // gone
    }
  }
  return found;
}
