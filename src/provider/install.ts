/**
 * Install the provider into a terraform filesystem mirror (unpacked layout):
 *   <dir>/terraform.local/c1-aws/c1/<version>/<os>_<arch>/terraform-provider-c1_v<version>
 * The executable is a launcher script that `exec`s this Node on the bundled provider copied next to
 * it (`c1-provider*.js`: names terraform does not mistake for the provider executable).
 */
import { chmodSync, copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { C1AwsError } from '../errors';
import { PROVIDER_ADDRESS, PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE, PROVIDER_VERSION } from './address';
import { BUNDLE_FILES, BUNDLE_FILE_NAME, ensureProviderBundle } from './bundle';
import { makeDirs } from '../make-dirs';


export interface InstallProviderOptions {
  /** Mirror directory; default `~/.terraform.d/plugins`-like choice is left to the caller. */
  readonly dir: string;
  /** The bundle to install; default: dist/provider (built on the fly from the sources when absent). */
  readonly bundlePath?: string;
  /** Node executable the launcher runs; default this process's (absolute). */
  readonly nodePath?: string;
}

export interface InstalledProvider {
  readonly address: string;
  readonly version: string;
  /** The mirror root (for `filesystem_mirror { path }`). */
  readonly mirrorDir: string;
  /** The directory holding the executable (for `dev_overrides`). */
  readonly packageDir: string;
  /** The launcher terraform runs. */
  readonly executable: string;
  /** CLI configuration using the filesystem mirror (other providers: `direct`). */
  readonly cliConfig: string;
  /** CLI configuration using `dev_overrides` (no `terraform init` needed for this provider). */
  readonly devOverridesCliConfig: string;
}

/** terraform's platform name for this machine, e.g. `linux_amd64`. */
export function terraformPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  const cpu = arch === 'x64' ? 'amd64' : arch === 'ia32' ? '386' : arch;
  return `${os}_${cpu}`;
}

const hcl = (s: string): string => JSON.stringify(s);

export function cliConfigFor(mirrorDir: string, packageDir: string): { cliConfig: string; devOverridesCliConfig: string } {
  const cliConfig = `provider_installation {
  filesystem_mirror {
    path    = ${hcl(mirrorDir)}
    include = [${hcl(PROVIDER_ADDRESS)}]
  }
  direct {
    exclude = [${hcl(PROVIDER_ADDRESS)}]
  }
}
`;
  const devOverridesCliConfig = `provider_installation {
  dev_overrides {
    ${hcl(PROVIDER_ADDRESS)} = ${hcl(packageDir)}
  }
  # Listing the mirror too keeps \`terraform init\` working for configurations that also use other providers.
  filesystem_mirror {
    path    = ${hcl(mirrorDir)}
    include = [${hcl(PROVIDER_ADDRESS)}]
  }
  direct {
    exclude = [${hcl(PROVIDER_ADDRESS)}]
  }
}
`;
  return { cliConfig, devOverridesCliConfig };
}

export async function installProvider(options: InstallProviderOptions): Promise<InstalledProvider> {
  if (process.platform === 'win32') {
    throw new C1AwsError('C1AWS_PROVIDER_PLATFORM', 'Installing the c1 provider on Windows is not supported: the launcher is a POSIX shell script.', {
      fix: 'install it from Linux or macOS (or WSL)',
    });
  }
  const mirrorDir = resolve(options.dir);
  const packageDir = join(mirrorDir, PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE, PROVIDER_VERSION, terraformPlatform());
  makeDirs(packageDir);
  const bundle = options.bundlePath ?? (await ensureProviderBundle(join(tmpdir(), `c1-provider-build-${process.pid}`)));
  const missing = BUNDLE_FILES.filter((f) => !existsSync(join(dirname(bundle), f)));
  if (missing.length) {
    throw new C1AwsError('C1AWS_PROVIDER_BUNDLE_INCOMPLETE', `The provider bundle next to ${bundle} is incomplete: ${missing.join(', ')} missing.`, {
      fix: 'rebuild it (npm run build, or buildProviderBundle()), or let installProvider pick the bundle (omit bundlePath)',
    });
  }
  for (const f of BUNDLE_FILES) copyFileSync(join(dirname(bundle), f), join(packageDir, f));
  const node = resolve(options.nodePath ?? process.execPath);
  const executable = join(packageDir, `terraform-provider-${PROVIDER_TYPE}_v${PROVIDER_VERSION}`);
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(executable, `#!/bin/sh\n# C1 Terraform provider ${PROVIDER_VERSION} (${PROVIDER_ADDRESS}), installed by c1-aws.\nexec ${q(node)} "$(dirname "$0")/${BUNDLE_FILE_NAME}" "$@"\n`);
  chmodSync(executable, 0o755);
  return { address: PROVIDER_ADDRESS, version: PROVIDER_VERSION, mirrorDir, packageDir, executable, ...cliConfigFor(mirrorDir, packageDir) };
}
