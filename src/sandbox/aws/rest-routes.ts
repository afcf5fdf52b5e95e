/** Route tables of the REST protocols (SESv2, Route 53): method + path pattern → operation name + handler. */

export type RestRoute<H> = readonly [method: string, path: RegExp, operation: string, handler: H];

export interface MatchedRoute<H> {
  readonly operation: string;
  readonly handler: H;
  readonly match: RegExpExecArray;
  readonly query: URLSearchParams;
}

/** The route serving this request, or undefined. */
export function matchRoute<H>(routes: readonly RestRoute<H>[], method: string, url: URL): MatchedRoute<H> | undefined {
  for (const [m, re, operation, handler] of routes) {
    if (m !== method) continue;
    const match = re.exec(url.pathname);
    if (match) return { operation, handler, match, query: url.searchParams };
  }
  return undefined;
}

/** Operation name of a request (for faults and discovery); `METHOD /path` when unknown. */
export function routeOperation<H>(routes: readonly RestRoute<H>[], method: string, path: string): string {
  const r = routes.find(([m, re]) => m === method && re.test(path));
  return r ? r[2] : `${method} ${path}`;
}
