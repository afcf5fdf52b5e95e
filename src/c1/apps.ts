/** Apps of the tenant: `GET /api/v1/apps?page_size=&page_token=` → `{list, nextPageToken}`. */
import { asPage, pages, type C1ApiClient, type Page } from './api-client';

export interface C1App {
  readonly id: string;
  readonly displayName?: string;
  readonly [field: string]: unknown;
}

export class Apps {
  constructor(private readonly client: C1ApiClient) {}

  /** One page. */
  async listPage(pageSize?: number, pageToken?: string): Promise<Page<C1App>> {
    const json = await this.client.request<{ list?: C1App[]; nextPageToken?: string }>('GET', '/api/v1/apps', {
      query: { page_size: pageSize, page_token: pageToken },
    });
    return asPage(json);
  }

  /** Every app, page by page. */
  list(pageSize = 100): AsyncGenerator<C1App> {
    return pages((token) => this.listPage(pageSize, token));
  }
}
