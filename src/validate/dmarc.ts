/** DMARC record syntax (RFC 7489 §6.3), shared by the static DNS check and the live DNS check. */

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcRecord {
  readonly policy: DmarcPolicy;
  readonly subdomainPolicy?: DmarcPolicy;
  readonly pct: number;
  readonly rua: readonly string[];
  readonly adkim: 'r' | 's';
  readonly aspf: 'r' | 's';
}

export type DmarcParse = { readonly ok: true; readonly record: DmarcRecord } | { readonly ok: false; readonly error: string };

const POLICIES = new Set(['none', 'quarantine', 'reject']);

/** Parse a DMARC TXT value: `v=DMARC1` first, then `p=` required, known tags well-formed. */
export function parseDmarc(text: string): DmarcParse {
  const tags = text.split(';').map((t) => t.trim()).filter((t) => t !== '');
  if (tags.length === 0 || !/^v\s*=\s*DMARC1$/.test(tags[0])) return { ok: false, error: 'the record must start with "v=DMARC1"' };
  const map = new Map<string, string>();
  for (const t of tags.slice(1)) {
    const m = /^([a-z]+)\s*=\s*(.*)$/i.exec(t);
    if (!m) return { ok: false, error: `"${t}" is not a tag=value pair` };
    const k = m[1].toLowerCase();
    if (map.has(k)) return { ok: false, error: `the tag ${k} appears twice` };
    map.set(k, m[2].trim());
  }
  const p = map.get('p');
  if (p === undefined) return { ok: false, error: 'the required tag "p=" (none, quarantine or reject) is missing, or not directly after v=DMARC1' };
  if (tags[1] && !/^p\s*=/i.test(tags[1])) return { ok: false, error: '"p=" must directly follow "v=DMARC1"' };
  if (!POLICIES.has(p.toLowerCase())) return { ok: false, error: `p=${p} is not none, quarantine or reject` };
  const sp = map.get('sp');
  if (sp !== undefined && !POLICIES.has(sp.toLowerCase())) return { ok: false, error: `sp=${sp} is not none, quarantine or reject` };
  const pctText = map.get('pct') ?? '100';
  const pct = Number(pctText);
  if (!/^\d{1,3}$/.test(pctText) || pct > 100) return { ok: false, error: `pct=${pctText} is not 0–100` };
  for (const k of ['adkim', 'aspf']) {
    const v = map.get(k);
    if (v !== undefined && v !== 'r' && v !== 's') return { ok: false, error: `${k}=${v} must be r or s` };
  }
  const rua = (map.get('rua') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const u of rua) if (!/^mailto:[^@\s]+@[^@\s]+/i.test(u)) return { ok: false, error: `rua entry "${u}" is not a mailto: URI` };
  return {
    ok: true,
    record: {
      policy: p.toLowerCase() as DmarcPolicy,
      ...(sp ? { subdomainPolicy: sp.toLowerCase() as DmarcPolicy } : {}),
      pct,
      rua,
      adkim: (map.get('adkim') ?? 'r') as 'r' | 's',
      aspf: (map.get('aspf') ?? 'r') as 'r' | 's',
    },
  };
}

/** Words for the policy's strength. */
export function dmarcStrength(r: DmarcRecord): string {
  if (r.policy === 'none') return 'monitoring only (p=none): receivers send reports and deliver as usual';
  const part = r.pct < 100 ? ` on ${r.pct}% of failing mail` : '';
  return r.policy === 'quarantine' ? `quarantine${part}` : `reject${part} (strongest)`;
}

/** A TXT value as published: strip quotes and join `"a" "b"` chunks. */
export function txtValue(raw: string): string {
  const t = raw.trim();
  const chunks = t.match(/"((?:[^"\\]|\\.)*)"/g);
  if (chunks && chunks.join('').replace(/\s/g, '').length === t.replace(/"\s+"/g, '""').replace(/\s/g, '').length) {
    return chunks.map((c) => c.slice(1, -1).replace(/\\(.)/g, '$1')).join('');
  }
  return t;
}
