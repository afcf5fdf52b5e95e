/** C1's list answers: `{list, nextPageToken}` paged by `page_size` (1–1000, default 100) and an opaque `page_token`. */
import { apiError } from './http-io';

export function pageOf<T>(items: readonly T[], query: URLSearchParams): { list: T[]; nextPageToken: string } {
  const size = query.has('page_size') ? Number(query.get('page_size')) : 100;
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw apiError(400, 'page_size must be a whole number from 1 to 1000');
  return pageFrom(items, size, query.get('page_token') ?? '');
}

export function pageFrom<T>(items: readonly T[], size: number, token: string): { list: T[]; nextPageToken: string } {
  const start = token === '' ? 0 : Number(token);
  if (!/^\d*$/.test(token) || !Number.isInteger(start) || start < 0 || start > items.length) throw apiError(400, `page_token ${JSON.stringify(token)} is not valid`);
  const end = start + size;
  return { list: items.slice(start, end), nextPageToken: end < items.length ? String(end) : '' };
}
