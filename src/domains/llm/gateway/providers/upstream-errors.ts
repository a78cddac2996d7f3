import type { UpstreamResponse } from '../../../../core/ports/upstream-client.js';
import { GatewayError, isRetriableStatus, retryAfterMs } from '../gateway-error.js';

interface ErrorShape {
  error?: { message?: unknown; type?: unknown; param?: unknown; code?: unknown } | string;
  message?: unknown;
  detail?: unknown;
}

/**
 * A non-2xx provider answer → GatewayError. Understands OpenAI's
 * `{error:{message,type,param,code}}`, Anthropic's `{type:"error",error:{type,message}}`
 * and the `{message}` / `{detail}` of other servers.
 */
export async function upstreamError(res: UpstreamResponse, provider: string, now: number): Promise<GatewayError> {
  const text = await res.body.text().catch(() => '');
  let message = `provider '${provider}' answered HTTP ${res.status}`;
  let param: string | null = null;
  let code: string | null = null;
  let type: string | undefined;
  try {
    const body = JSON.parse(text) as ErrorShape;
    const err = body.error;
    if (typeof err === 'string') message = err;
    else if (err && typeof err.message === 'string') {
      message = err.message;
      if (typeof err.param === 'string') param = err.param;
      if (typeof err.code === 'string') code = err.code;
      if (typeof err.type === 'string') type = err.type;
    } else if (typeof body.message === 'string') message = body.message;
    else if (typeof body.detail === 'string') message = body.detail;
  } catch {
    if (text) message = `${message}: ${text.slice(0, 200)}`;
  }
  const retriable = isRetriableStatus(res.status);
  // The caller's key is Keel's, not the provider's: a provider refusing the gateway's
  // credentials is a gateway problem (502), never a 401 that would blame the caller.
  const credentials = res.status === 401 || res.status === 403;
  return new GatewayError({
    status: credentials ? 502 : res.status === 529 ? 503 : res.status,
    message: credentials ? `provider '${provider}' rejected the gateway's credentials: ${message}` : message,
    type: credentials ? 'api_error' : res.status === 529 ? 'overloaded_error' : type,
    param,
    openaiCode: code,
    retriable,
    retryAfterMs: retryAfterMs(res.headers, now),
    provider,
  });
}

export function invalidJson(provider: string, cause: unknown): GatewayError {
  return new GatewayError({ status: 502, message: `provider '${provider}' answered a body that is not valid JSON`, retriable: true, provider, cause });
}
