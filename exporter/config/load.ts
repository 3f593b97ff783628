import { configSchema, type VigilConfig } from './schema.js';
import { parseYaml, readConfigText } from './yaml.js';

export { ConfigError } from './yaml.js';

/** Validate vigil's config file text; throws ConfigError naming file, line, key and expectation. */
export function parseConfig(text: string, file: string): VigilConfig {
  return parseYaml(text, file, configSchema);
}

/** Read and validate a config file. */
export async function loadConfigFile(file: string): Promise<VigilConfig> {
  return parseConfig(await readConfigText(file), file);
}
