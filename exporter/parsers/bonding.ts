import { goFields, goTrimSpace } from './go-strings.js';

/**
 * The interface names of sysfs's `bonding_masters` or a master's `bonding/slaves` (one line,
 * separated by spaces), split as node_exporter 1.5 does (Go's strings.Fields).
 */
export function parseBondingNames(text: string): string[] {
  return goFields(text);
}

/** Whether a slave's `bonding_slave/mii_status` says the link is up. */
export function bondingSlaveUp(text: string): boolean {
  return goTrimSpace(text) === 'up';
}
