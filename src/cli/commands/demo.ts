/** `c1-aws demo` (`npm start`): the command line of the one-command demo in src/demo. */
import { type Command, Option } from 'commander';
import { DEMO_HELP, runDemo, type DemoOptions } from '../../demo/run';
import { exitCleanlyOnSignals } from '../../demo/shutdown';

export function register(program: Command): void {
  program
    .command('demo')
    .description('Run the whole integration locally (sandboxes), then validate it: what `npm start` does.')
    .option('--json', 'print the validation report as JSON')
    .addOption(new Option('--deploy <how>', 'auto: terraform when available, else the APIs; api; terraform (fail instead of falling back)').choices(['auto', 'api', 'terraform']).default('auto'))
    .addHelpText('after', DEMO_HELP)
    .action(async (o: DemoOptions) => {
      // Ctrl-C / SIGTERM: end terraform and its providers, remove the temp files (sandbox keys), exit 130 / 143.
      const off = exitCleanlyOnSignals((s) => process.stderr.write(s));
      try {
        process.exitCode = await runDemo(o, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
      } finally {
        off();
      }
    });
}
