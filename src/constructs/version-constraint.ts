/**
 * Terraform provider version constraints (`>= 6.26.0, < 7.0.0`, `~> 6.26`): parsed to the range of
 * versions they allow, so a construct can refuse one that admits a provider without the resources it uses.
 */

export type Version = readonly [number, number, number];

export interface VersionRange {
  /** Lowest allowed version, or undefined when unbounded below. */
  readonly lower?: { readonly version: Version; readonly inclusive: boolean };
  /** Highest allowed version bound, or undefined when unbounded above. */
  readonly upper?: { readonly version: Version; readonly inclusive: boolean };
}

const PART = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?\s*$/;

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function parseVersion(v: string): Version | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** The range a constraint allows; throws an Error naming the bad part when it is not Terraform syntax or allows nothing. */
export function constraintRange(constraint: string): VersionRange {
  if (constraint.trim() === '') throw new Error('it is empty');
  let lower: VersionRange['lower'];
  let upper: VersionRange['upper'];
  const raise = (version: Version, inclusive: boolean): void => {
    const c = lower ? compareVersions(version, lower.version) : 1;
    if (c > 0 || (c === 0 && !inclusive)) lower = { version, inclusive };
  };
  const cap = (version: Version, inclusive: boolean): void => {
    const c = upper ? compareVersions(version, upper.version) : -1;
    if (c < 0 || (c === 0 && !inclusive)) upper = { version, inclusive };
  };
  for (const part of constraint.split(',')) {
    const m = PART.exec(part);
    if (!m) throw new Error(`"${part.trim()}" is not an operator (=, !=, >, >=, <, <=, ~>) followed by a version such as 6.26.0`);
    const op = m[1] ?? '=';
    const given = [m[2], m[3], m[4]].filter((x) => x !== undefined).length;
    const v: Version = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
    switch (op) {
      case '=':
        raise(v, true);
        cap(v, true);
        break;
      case '>=':
        raise(v, true);
        break;
      case '>':
        raise(v, false);
        break;
      case '<=':
        cap(v, true);
        break;
      case '<':
        cap(v, false);
        break;
      case '~>':
        raise(v, true);
        // ~> 6 and ~> 6.26 allow up to the next major; ~> 6.26.1 up to the next minor.
        cap(given === 3 ? [v[0], v[1] + 1, 0] : [v[0] + 1, 0, 0], false);
        break;
      default: // '!=' removes one version, not a range
        break;
    }
  }
  if (lower && upper) {
    const c = compareVersions(lower.version, upper.version);
    if (c > 0 || (c === 0 && !(lower.inclusive && upper.inclusive))) throw new Error('no version satisfies it (its lower bound is above its upper bound)');
  }
  return { lower, upper };
}

/** True when every version the range allows is at least `min`. */
export function rangeAtLeast(range: VersionRange, min: Version): boolean {
  return range.lower !== undefined && compareVersions(range.lower.version, min) >= 0;
}
