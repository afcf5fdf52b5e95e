/**
 * SES-like verification: a domain identity becomes verified when its three DKIM CNAMEs
 * (`<token>._domainkey.<domain>` → `<token>.<dkim target>`) resolve in the sandbox's own DNS, i.e.
 * exist in a Route 53 zone of the sandbox. Also the record lookup the DNS server uses.
 */
import type { RecordLookup } from './dns-server';
import type { HostedZone, ResourceRecordSet, SandboxState } from './state';

/** The public zone with the longest name covering `name` (fqdn with trailing dot). */
function coveringZone(state: SandboxState, name: string): HostedZone | undefined {
  let best: HostedZone | undefined;
  for (const a of state.accounts.values()) {
    for (const z of a.zones.values()) {
      if (z.privateZone) continue;
      if ((name === z.name || name.endsWith(`.${z.name}`)) && (!best || z.name.length > best.name.length)) best = z;
    }
  }
  return best;
}

export function recordLookup(state: SandboxState): RecordLookup {
  return (name: string) => {
    const zone = coveringZone(state, name);
    if (!zone) return { inZone: false, records: [] };
    const records: ResourceRecordSet[] = [...zone.records.values()].filter((r) => r.name === name);
    return { inZone: true, records };
  };
}

/** Mark domain identities verified when their DKIM CNAMEs resolve (or at once when `autoVerify` is true). */
export function refreshVerification(state: SandboxState, autoVerify: boolean | undefined): void {
  if (autoVerify === false) return;
  const lookup = recordLookup(state);
  for (const account of state.accounts.values()) {
    for (const identity of [...account.ses.values()].flatMap((r) => [...r.identities.values()])) {
      if (identity.verified || identity.type !== 'DOMAIN') continue;
      if (autoVerify === true) {
        identity.verified = true;
        continue;
      }
      identity.verified = identity.dkimTokens.every((token) => {
        const cname = lookup(`${token}._domainkey.${identity.name}.`).records.find((r) => r.type === 'CNAME');
        return cname !== undefined && (cname.values[0] ?? '').toLowerCase().startsWith(`${token}.`);
      });
    }
  }
}
