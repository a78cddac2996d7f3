/** A plain REST call for seeding test data: JSON in and out, raw bytes as octet-stream; throws on non-2xx. */
export async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const binary = body instanceof Uint8Array;
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': binary ? 'application/octet-stream' : 'application/json' },
    body: body === undefined ? undefined : binary ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
