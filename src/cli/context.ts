import type { Command } from 'commander';
import { Keel } from '../sdk/index.js';

export interface GlobalOptions {
  url: string;
  apiKey?: string;
  json: boolean;
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

export function client(cmd: Command): Keel {
  const g = globals(cmd);
  return new Keel({ url: g.url, apiKey: g.apiKey });
}
