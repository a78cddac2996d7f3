import { closeAdapters, createAdapters, createLogger, createServices, loadConfig, type Services } from '../main.js';

export interface LocalFlags {
  config?: string;
  data?: string;
}

/**
 * Runs `work` in this process on the configured engines (no server), then closes them: for commands that
 * read local files (feature training data, materialization) or run where no server is (`--local`).
 */
export async function withLocalServices<T>(flags: LocalFlags, work: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig({ file: flags.config, flags: flags.data ? { dataDir: flags.data } : {} });
  const logger = createLogger(config);
  logger.level = 'warn';
  const adapters = await createAdapters(config, logger);
  const services = createServices(config, adapters, undefined, logger);
  try {
    return await work(services);
  } finally {
    await services.serving.close();
    await closeAdapters(adapters);
  }
}
