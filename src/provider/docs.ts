/**
 * Reference docs generated from the same schemas the provider serves (like tfplugindocs does for
 * Go providers): an index page for the provider and one page per resource and data source, with an
 * example, the argument and attribute reference and the import syntax. Committed under
 * src/provider/docs/ (shipped in the package) and checked for drift by a test.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROVIDER_ADDRESS } from './address';
import { providerSchema } from './provider-schema';
import { DATA_SOURCES, RESOURCES } from './registry';
import type { AttributeSpec, BlockSpec } from './schema/model';
import type { TfType } from './values';
import { makeDirs } from '../make-dirs';

function typeLabel(t: TfType): string {
  if (typeof t === 'string') return t === 'bool' ? 'Boolean' : t[0]?.toUpperCase() + t.slice(1);
  if (t[0] === 'object') return 'Object';
  return `${t[0] === 'list' ? 'List' : t[0] === 'set' ? 'Set' : 'Map'} of ${typeLabel(t[1] as TfType)}`;
}

function attributeLine(name: string, a: AttributeSpec): string {
  const flags = [typeLabel(a.type), a.mode === 'required' ? 'Required' : a.mode === 'computed' ? 'Read-only' : 'Optional', ...(a.sensitive ? ['Sensitive'] : [])];
  const notes: string[] = [];
  if (a.requiresReplace && !/replaces/.test(a.description)) notes.push('Changing it replaces the object.');
  const rules = (a.validators ?? []).map((v) => v.description);
  if (rules.length) notes.push(`Checked at plan time: ${rules.join('; ')}.`);
  return `- \`${name}\` (${flags.join(', ')}) ${a.description}${notes.length ? ` ${notes.join(' ')}` : ''}`;
}

function argumentSection(block: BlockSpec, level: number): string[] {
  const out: string[] = [];
  const args = Object.entries(block.attributes).filter(([, a]) => a.mode !== 'computed');
  for (const [n, a] of args.filter(([, a]) => a.mode === 'required')) out.push(attributeLine(n, a));
  for (const [n, a] of args.filter(([, a]) => a.mode !== 'required')) out.push(attributeLine(n, a));
  for (const [n, b] of Object.entries(block.blocks ?? {})) {
    const req = b.minItems ? 'Required' : 'Optional';
    out.push(`- \`${n}\` (Block, ${req}${b.maxItems === 1 ? ', at most one' : ''}) ${b.block.description} See [below](#nested-block-${n}).`);
  }
  for (const [n, b] of Object.entries(block.blocks ?? {})) {
    out.push('', `${'#'.repeat(level + 1)} Nested block \`${n}\``, '', ...argumentSection(b.block, level + 1));
  }
  return out;
}

function attributeSection(block: BlockSpec): string[] {
  return Object.entries(block.attributes)
    .filter(([, a]) => a.mode === 'computed')
    .map(([n, a]) => attributeLine(n, { ...a, mode: 'computed', validators: [] }));
}

function frontMatter(title: string, description: string): string[] {
  const first = description.split('\n')[0] ?? '';
  return ['---', `page_title: "${title}"`, 'description: |-', `  ${first}`, '---', ''];
}

function page(kind: 'Resource' | 'Data Source', typeName: string, block: BlockSpec, example: string, importExample: string | undefined, notes: string | undefined): string {
  const lines = [
    ...frontMatter(`${typeName} ${kind} - c1`, block.description),
    `# ${typeName} (${kind})`,
    '',
    block.description,
    '',
    '## Example Usage',
    '',
    '```terraform',
    example,
    '```',
    '',
  ];
  const args = argumentSection(block, 2);
  if (args.length) lines.push('## Argument Reference', '', ...args, '');
  const attrs = attributeSection(block);
  if (attrs.length) lines.push('## Attribute Reference', '', 'In addition to the arguments above:', '', ...attrs, '');
  if (importExample) lines.push('## Import', '', '```shell', importExample, '```', '', `Or with an \`import\` block (terraform 1.5+): \`import { to = ${typeName}.<name>, id = "<id as above>" }\`.`, '');
  if (notes) lines.push('## Notes', '', notes, '');
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function indexPage(): string {
  const lines = [
    ...frontMatter('Provider: c1', providerSchema.block.description),
    '# c1 Provider',
    '',
    providerSchema.block.description,
    '',
    `Source address: \`${PROVIDER_ADDRESS}\`. The provider is not in a registry: install it with \`c1-aws provider install\` (a filesystem mirror) and use the CLI configuration it prints.`,
    '',
    '## Example Usage',
    '',
    '```terraform',
    `terraform {
  required_providers {
    c1 = { source = "${PROVIDER_ADDRESS}" }
  }
}

# Credentials from the environment (CONDUCTORONE_ACCESS_TOKEN, CONDUCTORONE_OIDC_TOKEN + CONDUCTORONE_CLIENT_ID,
# or CONDUCTORONE_CLIENT_ID + CONDUCTORONE_CLIENT_SECRET):
provider "c1" {
  tenant = "yourcompany.conductor.one"
}

# Or as an AWS workload, with no C1 secret at all:
# provider "c1" {
#   aws_workload_identity {
#     client_id = "deploy-bot@yourcompany.conductor.one/wfe"
#     region    = "us-east-1"
#   }
# }`,
    '```',
    '',
    '## Credentials',
    '',
    'The first credential found is used; settings in the provider block come before environment variables:',
    '',
    '1. `access_token` / `CONDUCTORONE_ACCESS_TOKEN`: a bearer token, used as is.',
    '2. `oidc_token` / `CONDUCTORONE_OIDC_TOKEN` / `TFC_WORKLOAD_IDENTITY_TOKEN` (or the one tagged `TFC_WORKLOAD_IDENTITY_TOKEN_C1`), with `client_id` / `CONDUCTORONE_CLIENT_ID` (a trust\'s `…/wfe` client ID): exchanged at the tenant\'s `/auth/v1/token`.',
    '3. `aws_workload_identity { client_id }`: `sts:GetWebIdentityToken` with the AWS credentials of the environment, exchanged like 2.',
    '4. `client_id` + `client_secret` / `CONDUCTORONE_CLIENT_ID` + `CONDUCTORONE_CLIENT_SECRET`: an API credential; the secret signs a short-lived Ed25519 JWT assertion.',
    '',
    'With none of them, every command that needs C1 fails with a diagnostic naming these settings. Provider settings may come from other resources (unknown during plan); objects are then read and changed during apply.',
    '',
    '## Argument Reference',
    '',
    ...argumentSection(providerSchema.block, 2),
    '',
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Every docs page, by path relative to the docs folder. */
export function renderProviderDocs(): Map<string, string> {
  const pages = new Map<string, string>();
  pages.set('index.md', indexPage());
  for (const r of RESOURCES) pages.set(`resources/${r.typeName.replace(/^c1_/, '')}.md`, page('Resource', r.typeName, r.schema.block, r.docs.example, r.docs.importExample, r.docs.notes));
  for (const d of DATA_SOURCES) pages.set(`data-sources/${d.typeName.replace(/^c1_/, '')}.md`, page('Data Source', d.typeName, d.schema.block, d.docs.example, undefined, d.docs.notes));
  return pages;
}

/** The committed docs folder. */
export function docsDir(root: string): string {
  return join(root, 'src', 'provider', 'docs');
}

export function writeProviderDocs(dir: string): string[] {
  const written: string[] = [];
  for (const [rel, text] of renderProviderDocs()) {
    const file = join(dir, rel);
    makeDirs(dirname(file));
    writeFileSync(file, text);
    written.push(rel);
  }
  return written;
}

/** Pages that differ from (or are missing in) `dir`. */
export function checkProviderDocs(dir: string): string[] {
  return [...renderProviderDocs()].filter(([rel, text]) => !existsSync(join(dir, rel)) || readFileSync(join(dir, rel), 'utf8') !== text).map(([rel]) => rel);
}
