/** `c1-aws modules generate|check`: the Terraform modules under modules/, generated from the constructs. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { checkModules, writeModules } from '../../constructs/modules/files';

export function register(program: Command): void {
  const modules = program.command('modules').description('Generate the Terraform modules from the CDKTF constructs, or check them for drift.');
  modules
    .command('generate')
    .description('Write modules/<name>/main.tf.json and README.md for every module.')
    .option('--dir <dir>', 'modules folder', 'modules')
    .action((opts: { dir: string }) => {
      const started = Date.now();
      const written = writeModules(resolve(opts.dir));
      process.stdout.write(`wrote ${written.length} files in ${Date.now() - started} ms:\n${written.map((f) => `  ${opts.dir}/${f}`).join('\n')}\n`);
    });
  modules
    .command('check')
    .description('Fail (exit 1) when the committed modules differ from what the constructs generate.')
    .option('--dir <dir>', 'modules folder', 'modules')
    .action((opts: { dir: string }) => {
      const drift = checkModules(resolve(opts.dir));
      const problems = [
        ...drift.missing.map((f) => `missing: ${opts.dir}/${f}`),
        ...drift.changed.map((f) => `differs: ${opts.dir}/${f}`),
        ...drift.extra.map((f) => `not generated: ${opts.dir}/${f}`),
      ];
      if (problems.length > 0) {
        process.stderr.write(`modules:check: the committed modules differ from the constructs' output.\n${problems.map((p) => `  ${p}`).join('\n')}\nFix: run \`npm run modules\` and commit the result.\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write('modules:check: modules/ matches the constructs.\n');
    });
}
