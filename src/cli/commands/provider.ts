/** `c1-aws provider install|schema|docs`: the C1 Terraform provider (terraform.local/c1-aws/c1). */
import { Command } from 'commander';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function register(program: Command): void {
  const provider = program.command('provider').description('Install the C1 Terraform provider (terraform.local/c1-aws/c1) into a filesystem mirror, or print its schema.');
  provider
    .command('install')
    .description('Lay out a terraform filesystem mirror holding the provider, and print the CLI configuration that uses it.')
    .option('--dir <dir>', 'mirror directory', join(homedir(), '.terraform.d', 'c1-aws-mirror'))
    .option('--json', 'print the result as JSON')
    .action(async (opts: { dir: string; json?: boolean }) => {
      const { installProvider } = await import('../../provider/install');
      const installed = await installProvider({ dir: resolve(opts.dir) });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(installed, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `Installed ${installed.address} ${installed.version}:\n  ${installed.executable}\n\n` +
          `Use it with this CLI configuration (save it, e.g. as ~/.terraformrc, or point TF_CLI_CONFIG_FILE at it):\n\n${installed.cliConfig}\n` +
          `then, in your configuration:\n\n  terraform {\n    required_providers {\n      c1 = { source = "${installed.address}", version = ">= ${installed.version}" }\n    }\n  }\n\n` +
          `Alternatively, for development (no \`terraform init\` needed for this provider; terraform warns on every command):\n\n${installed.devOverridesCliConfig}`,
      );
    });
  provider
    .command('schema')
    .description('Print the provider schema as `terraform providers schema -json` does.')
    .action(async () => {
      const { providerSchemaJson } = await import('../../provider/schema-json');
      process.stdout.write(`${JSON.stringify(providerSchemaJson(), null, 2)}\n`);
    });
}
