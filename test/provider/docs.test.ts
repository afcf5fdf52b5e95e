/** The committed provider docs are what the schema generates (drift check), and every page has the parts users look for. */
import { join } from 'node:path';
import { checkProviderDocs, renderProviderDocs } from '../../src/provider/docs';
import { DATA_SOURCES, RESOURCES } from '../../src/provider/registry';

const DIR = join(__dirname, '..', '..', 'src', 'provider', 'docs');

test('src/provider/docs matches the schema (run `c1-aws provider docs` after a schema change)', () => {
  expect(checkProviderDocs(DIR)).toEqual([]);
});

test('one page per resource and data source with example, argument and attribute reference, and import for resources', () => {
  const pages = renderProviderDocs();
  expect(pages.size).toBe(1 + RESOURCES.length + DATA_SOURCES.length);
  for (const r of RESOURCES) {
    const page = pages.get(`resources/${r.typeName.replace(/^c1_/, '')}.md`) ?? '';
    for (const part of ['## Example Usage', '## Argument Reference', '## Attribute Reference', '## Import', `terraform import ${r.typeName}.`]) expect(page).toContain(part);
    for (const name of Object.keys(r.schema.block.attributes)) expect(page).toContain(`\`${name}\``);
  }
  expect(pages.get('resources/email_provider.md')).toContain("Destroy does not delete anything in C1");
  expect(pages.get('data-sources/aws_external_id.md')).toContain('Sensitive');
  expect(pages.get('index.md')).toContain('CONDUCTORONE_CLIENT_SECRET');
});
