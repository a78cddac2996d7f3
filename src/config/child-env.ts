/**
 * The environment for a child process that Keel starts (`keel run`, training
 * jobs): this process's environment plus `extra`. Node's `spawn` replaces the
 * whole environment when `env` is given, so inheriting means reading it, and
 * src/config is the one place allowed to.
 */
export function childEnv(extra: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, ...extra };
}
