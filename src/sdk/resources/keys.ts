import type { ApiKey, CreateApiKeyInput, CreatedApiKey } from '../../domains/access/access.schema.js';
import type { HttpTransport } from '../transport.js';

export class KeysApi {
  constructor(private readonly http: HttpTransport) {}

  /** Creates a key; its secret is in the result and never again. @example const { secret } = await keel.keys.create({ name: 'ci', scope: 'write' }); */
  create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    return this.http.request('POST', '/api/v1/keys', { body: input });
  }

  /** @example for (const k of await keel.keys.list()) console.log(k.prefix, k.scope); */
  async list(): Promise<ApiKey[]> {
    return (await this.http.request<{ keys: ApiKey[] }>('GET', '/api/v1/keys')).keys;
  }

  /** @example await keel.keys.revoke(id); */
  revoke(id: string): Promise<void> {
    return this.http.request('DELETE', `/api/v1/keys/${encodeURIComponent(id)}`);
  }
}
