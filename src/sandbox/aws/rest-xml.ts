/** restXml (Route 53): a minimal XML reader for request bodies, and response/error writers. */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { AwsApiError } from './api-error';
import { xmlEscape } from './query-protocol';

export const ROUTE53_NAMESPACE = 'https://route53.amazonaws.com/doc/2013-04-01/';

export interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
}

function decodeEntities(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** Parse an XML document into elements (namespaces dropped from names, attributes ignored). */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#root', children: [], text: '' };
  const stack: XmlElement[] = [root];
  const re = /<(\/?)([\w:.-]+)[^>]*?(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) {
    if (m[4] !== undefined) {
      stack[stack.length - 1].text += decodeEntities(m[4]);
    } else if (m[2] !== undefined) {
      const name = m[2].includes(':') ? m[2].split(':').pop() ?? m[2] : m[2];
      if (m[1] === '/') {
        if (stack.length > 1) stack.pop();
      } else {
        const el: XmlElement = { name, children: [], text: '' };
        stack[stack.length - 1].children.push(el);
        if (m[3] !== '/') stack.push(el);
      }
    }
  }
  return root;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const c = child(el, name);
  return c ? c.text.trim() : undefined;
}

export function sendXmlResult(res: ServerResponse, xmlBody: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xmlBody}`);
}

/**
 * Route 53 errors as `<ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>`, InvalidChangeBatch
 * included (its messages as one `[a, b]` Message): Route 53 also has a bare
 * `<InvalidChangeBatch><Messages>` form, but botocore's and the JS SDK's restXml error parsers read
 * only `Error/Code` (that form reaches them as code '' / 'Unknown'), so the sandbox answers in the form
 * every client names. The header and body carry the same request id.
 */
export function sendRestXmlError(res: ServerResponse, err: AwsApiError): void {
  const id = randomUUID();
  res.writeHead(err.status, { 'content-type': 'text/xml', 'x-amzn-requestid': id });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${ROUTE53_NAMESPACE}"><Error><Type>${err.senderFault ? 'Sender' : 'Receiver'}</Type><Code>${xmlEscape(err.awsCode)}</Code><Message>${xmlEscape(err.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`);
}
