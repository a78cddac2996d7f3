/** Runs a program with arguments, without a shell; the child_process adapter in production. */
export interface CommandRunner {
  run(argv: readonly string[], env: Record<string, string>, signal: AbortSignal): Promise<{ exitCode: number; output: string }>;
}
