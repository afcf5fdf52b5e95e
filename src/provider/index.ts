/** The C1 Terraform provider's library surface: install it, build its bundle, read its schema and docs. */
export { PROVIDER_ADDRESS, PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE, PROVIDER_VERSION } from './address';
export { installProvider, terraformPlatform, cliConfigFor, type InstallProviderOptions, type InstalledProvider } from './install';
export { buildProviderBundle, ensureProviderBundle, defaultBundlePath, BUNDLE_FILE_NAME, BUNDLE_FILES, type BundleOptions } from './bundle';
export { providerSchemaJson, type ProviderSchemaJson, type JsonSchema, type JsonBlock, type JsonAttribute, type JsonBlockType } from './schema-json';
export { renderProviderDocs, writeProviderDocs, checkProviderDocs } from './docs';
