/** The provider's source address and version (one place). */
import { version } from '../../package.json';

/** `terraform.local/c1-aws/c1`: a source address of its own, installed from a filesystem mirror (no registry). */
export const PROVIDER_HOST = 'terraform.local';
export const PROVIDER_NAMESPACE = 'c1-aws';
export const PROVIDER_TYPE = 'c1';
export const PROVIDER_ADDRESS = `${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;
/** The package version is the provider version. */
export const PROVIDER_VERSION: string = version;
