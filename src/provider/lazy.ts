/**
 * Heavy parts loaded only when needed (CEL for trust validation, the AWS SDK for workload identity).
 * The bundler puts each into its own file next to the provider bundle, so a provider start, which
 * terraform pays 3–5 times per command, compiles only the small core.
 */
export function loadCelLint(): Promise<typeof import('../cel/lint')> {
  return import('../cel/lint');
}

export function loadTokenProvider(): Promise<typeof import('../federation/token-provider')> {
  return import('../federation/token-provider');
}
