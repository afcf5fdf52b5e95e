/** `c1-aws provider install|schema|docs`: the C1 Terraform provider (terraform.local/c1-aws/c1). */
import { Command } from 'commander';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function register(program: Command): void {
  const provider = program.command('provider').description('Install the C1 Terraform provider (terraform.local/c1-aws/c1) into a filesystem mirror, or print its schema.');
  provider
    .command('install')
    .description('Lay out a terraform filesystem mirror holding the provider, and print the CLI configuration that uses it.')
    .option('--dir <dir>', "mirror directory (default: terraform's implied local mirror, found without any CLI configuration)", join(homedir(), '.terraform.d', 'plugins'))
    .option('--json', 'print the result as JSON')
    .action(async (opts: { dir: string; json?: boolean }) => {
      const { installProvider } = await import('../../provider/install');
      const installed = await installProvider({ dir: resolve(opts.dir) });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(installed, null, 2)}\n`);
        return;
      }
      const implied = resolve(opts.dir) === join(homedir(), '.terraform.d', 'plugins');
      process.stdout.write(
        `Installed ${installed.address} ${installed.version}:\n  ${installed.executable}\n\n` +
          (implied
            ? `This is terraform's implied local mirror: with no provider_installation block in your CLI configuration, terraform finds the provider there and needs nothing else.\nIf your CLI configuration has a provider_installation block, add the filesystem_mirror below to it.\n\n`
            : '') +
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
      process.stdout.write(`${goJson(terraformKeyOrder(providerSchemaJson()))}\n`);
    });
  provider
    .command('docs')
    .description('Write the provider reference docs (one page per resource and data source) generated from its schema, or check them.')
    .option('--dir <dir>', 'docs folder', 'src/provider/docs')
    .option('--check', 'exit 1 when the folder differs from what the schema generates')
    .action(async (opts: { dir: string; check?: boolean }) => {
      const { checkProviderDocs, writeProviderDocs } = await import('../../provider/docs');
      if (opts.check) {
        const stale = checkProviderDocs(resolve(opts.dir));
        if (stale.length) {
          process.stderr.write(`provider docs differ from the schema: ${stale.join(', ')}\nFix: run \`c1-aws provider docs\` and commit the result.\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write('provider docs match the schema.\n');
        return;
      }
      const written = writeProviderDocs(resolve(opts.dir));
      process.stdout.write(`wrote ${written.length} pages to ${opts.dir}\n`);
    });
}

/** JSON objects terraform prints as Go maps (their keys sorted); every other object keeps its field order. */
const GO_MAPS = new Set(['provider_schemas', 'resource_schemas', 'data_source_schemas', 'attributes', 'block_types']);

/** The schema byte for byte as `terraform providers schema -json` prints it: compact, map keys sorted. */
export function terraformKeyOrder(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => terraformKeyOrder(v));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (key !== undefined && GO_MAPS.has(key)) keys.sort();
  return Object.fromEntries(keys.map((k) => [k, terraformKeyOrder((value as Record<string, unknown>)[k], k)]));
}

/** JSON.stringify with Go's encoding/json escapes (<, >, &, U+2028, U+2029), as terraform prints it. */
export function goJson(value: unknown): string {
  const escapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]);
}
