/** `c1-aws check-headers message.eml`: SPF, DKIM, DMARC pass and aligned with the From domain. */
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { C1AwsError } from '../../errors';
import { checkHeaders } from '../../validate/check-headers';
import { Report, exitCodeOf, progressLines, renderJson, renderSummary } from '../../validate/report';

export function runCheckHeaders(file: string, o: { readonly json?: boolean; readonly authservId?: string }, io: { stdout: (s: string) => void }): number {
  let eml: Buffer;
  try {
    eml = fs.readFileSync(file);
  } catch (err) {
    throw new C1AwsError('C1AWS_USAGE', `cannot read ${file}: ${(err as Error).message}.`, { fix: 'save the received message with its headers as .eml and pass its path' });
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
