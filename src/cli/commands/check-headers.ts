/** `c1-aws check-headers message.eml`: SPF, DKIM, DMARC pass and aligned with the From domain. */
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { C1AwsError } from '../../errors';
import { checkHeaders } from '../../validate/check-headers';
import { Report, exitCodeOf, progressLines, renderJson, renderSummary } from '../../validate/report';

/** Largest message read (SES accepts at most 40 MB). */
export const MAX_EML_BYTES = 64 * 1024 * 1024;

/** Read a saved message: a regular file only (a FIFO or a device may never end), at most MAX_EML_BYTES. */
function readEml(file: string): Buffer {
  const fix = 'save the received message with its headers as .eml and pass its path';
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw new C1AwsError('C1AWS_USAGE', `cannot read ${file}: ${(err as Error).message}.`, { fix });
  }
  if (!st.isFile()) throw new C1AwsError('C1AWS_USAGE', `${file} is not a regular file (${st.isFIFO() ? 'a FIFO' : st.isDirectory() ? 'a directory' : 'a device or socket'}); only regular files are read.`, { fix });
  if (st.size > MAX_EML_BYTES) throw new C1AwsError('C1AWS_USAGE', `${file} is ${st.size} bytes, over the ${MAX_EML_BYTES}-byte limit for a message.`, { fix });
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new C1AwsError('C1AWS_USAGE', `cannot read ${file}: ${(err as Error).message}.`, { fix });
  }
}

export function runCheckHeaders(file: string, o: { readonly json?: boolean; readonly authservId?: string }, io: { stdout: (s: string) => void }): number {
  let eml: Buffer;
  try {
    eml = readEml(file);
  } catch (err: unknown) {
    if (o.json && err instanceof C1AwsError) {
      io.stdout(`${JSON.stringify({ exitCode: 2, error: { code: err.code, message: err.fix ? err.message.replace(` Fix: ${err.fix}`, '') : err.message, ...(err.fix ? { fix: err.fix } : {}) } }, null, 2)}\n`);
      return 2;
    }
    throw err;
  }
  const result = checkHeaders(eml, o.authservId ? { authservId: o.authservId } : {});
  const report: Report = { results: [result], ignored: [], secrets: [] };
  io.stdout(o.json ? renderJson(report) : progressLines(result, []) + renderSummary(report));
  return exitCodeOf([result]);
}

export function register(program: Command): void {
  program
    .command('check-headers')
    .description("Read a received message's Authentication-Results: SPF, DKIM and DMARC must pass, aligned with the From domain.")
    .argument('<message.eml>', 'the message as received (full source with headers)')
    .option('--authserv-id <host>', 'use the Authentication-Results added by this receiver (default: the top one)')
    .option('--json', 'print JSON')
    .action((file: string, o: { json?: boolean; authservId?: string }) => {
      process.exitCode = runCheckHeaders(file, o, { stdout: (s) => process.stdout.write(s) });
    });
}
