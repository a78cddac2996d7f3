/** POSTs to a provider with the call's deadline and signal; any non-2xx answer becomes the provider's GatewayError. */
import type { UpstreamResponse } from '../../../../core/ports/upstream-client.js';
import type { CallOptions, ProviderContext } from './provider.js';
import { upstreamError } from './upstream-errors.js';

export async function postToProvider(p: ProviderContext, path: string, body: string, opts: CallOptions): Promise<UpstreamResponse> {
  const res = await p.endpoint.request({
    method: 'POST',
    path: p.basePath + path,
    headers: p.headers,
    body,
    signal: opts.signal,
    headersTimeoutMs: opts.timeoutMs,
    bodyTimeoutMs: opts.timeoutMs,
  });
  if (res.status >= 300) throw await upstreamError(res, p.name, p.clock.now());
  return res;
}

export async function postJson(p: ProviderContext, path: string, body: string, opts: CallOptions): Promise<string> {
  return (await postToProvider(p, path, body, opts)).body.text();
}
