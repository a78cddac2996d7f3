import { KeysApi } from './resources/keys.js';
import { SystemApi } from './resources/system.js';
import { HttpTransport, type TransportOptions } from './transport.js';

export type KeelOptions = TransportOptions;

/**
 * Typed client of Keel's REST API; errors arrive as the server's AppError codes.
 * @example
 * const keel = new Keel({ url: 'http://127.0.0.1:4200', apiKey: process.env.KEEL_API_KEY });
 * console.log((await keel.system.health()).version);
 */
export class Keel {
  readonly http: HttpTransport;
  readonly system: SystemApi;
  readonly keys: KeysApi;

  constructor(opts: KeelOptions = {}) {
    this.http = new HttpTransport(opts);
    this.system = new SystemApi(this.http);
    this.keys = new KeysApi(this.http);
  }
}
