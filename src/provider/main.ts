/**
 * Entry point of the provider process (bundled into one file: dist/provider/terraform-provider-c1.js).
 * terraform starts it; it prints the go-plugin handshake and serves tfplugin6 until terraform
 * shuts it down or goes away. Logs go to stderr, and only when TF_LOG is set.
 */
import { performance } from 'node:perf_hooks';
import { PluginStartError, exitWhenParentGone, startPluginServer } from './protocol/plugin-server';
import { providerMethods } from './provider-server';

export async function main(): Promise<void> {
  const verbose = Boolean(process.env.TF_LOG || process.env.TF_LOG_PROVIDER);
  const log = verbose ? (m: string): void => void process.stderr.write(`[c1-provider] ${m}\n`) : (): void => undefined;
  // terraform forwards Ctrl-C to the process group and then asks politely (StopProvider, Shutdown):
  // dying on SIGINT could leave an object created in C1 but missing from the state.
  process.on('SIGINT', () => log('SIGINT ignored; waiting for terraform to stop the provider'));
  let exiting = false;
  const exit = (code: number): void => {
    if (exiting) return;
    exiting = true;
    process.exit(code);
  };
  try {
    log(`modules loaded after ${Math.round(performance.now())} ms`);
    await startPluginServer({ methods: providerMethods({ log, onShutdown: () => exit(0) }), log });
    log(`handshake written after ${Math.round(performance.now())} ms`);
  } catch (err: unknown) {
    if (err instanceof PluginStartError) {
      process.stderr.write(err.message);
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`c1 provider failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
    return;
  }
  exitWhenParentGone(() => exit(0));
}

