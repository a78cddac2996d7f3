/** Outbound JSON POSTs to user-configured URLs (alert webhooks); the undici adapter in production. */
export interface WebhookPoster {
  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number }>;
}
