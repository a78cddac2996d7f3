/** A failed request's message as the user should read it. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
