import { configSchema, type VigilConfig } from './schema.js';
import { type Override, readConfigText } from './validate.js';
import { parseYaml } from './yaml.js';

export { ConfigError } from './validate.js';

/**
 * Validate vigil's config file text, with the values collector flags set; throws ConfigError
 * naming file, line, key and expectation.
 */
export function parseConfig(
  text: string,
  file: string,
  overrides: readonly Override[] = [],
): VigilConfig {
  return parseYaml(text, file, configSchema, overrides);
}

/** Read and validate a config file. */
export async function loadConfigFile(
  file: string,
  overrides: readonly Override[] = [],
): Promise<VigilConfig> {
  return parseConfig(await readConfigText(file), file, overrides);
}
