import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsent } from '../core/collector.js';
import { ParseError } from '../parsers/parse-error.js';

/**
 * readFileSync's options as an object: given the encoding as a string, Node.js builds an
 * options object from it at every call, over a hundred times a scrape.
 */
const UTF8 = { encoding: 'utf8' } as const;

/**
 * Read a whole procfs or sysfs file as text. These reads are served from kernel memory in
 * microseconds, so they are synchronous: the promise API costs several thread-pool round
 * trips per file, which was most of a scrape's CPU. Anything that can block on a device or
 * the network (statfs) stays asynchronous and under a timeout.
 */
export function readText(path: string): string {
  return readFileSync(path, UTF8);
}

/** Read a file that may not exist on this kernel or platform; null when absent. */
export function readOptional(path: string): string | null {
  try {
    return readFileSync(path, UTF8);
  } catch (err) {
    if (isAbsent(err)) return null;
    throw err;
  }
}

/**
 * readOptional for a source that many hosts lack (md arrays, IPVS, NFS): absence is probed
 * first, as listOptional does, since a failed read's exception costs three times the probe.
 */
export function readIfPresent(path: string): string | null {
  return existsSync(path) ? readOptional(path) : null;
}

/** Run a pure parser on a file's text, naming the file in any parse error. */
export function parseSource<T>(path: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof ParseError) throw new Error(`${path}: ${err.message}`);
    throw err;
  }
}

/** An include/exclude pair of regular expressions; an empty source means "not set". */
export function deviceFilter(include: string, exclude: string): (name: string) => boolean {
  const inc = include ? new RegExp(include) : null;
  const exc = exclude ? new RegExp(exclude) : null;
  return (name) => (inc ? inc.test(name) : true) && !(exc?.test(name) ?? false);
}

/** Read an optional extra (udev facts, one sysfs counter): null when absent or unreadable. */
export function readExtra(path: string): string | null {
  try {
    return readFileSync(path, UTF8);
  } catch {
    return null;
  }
}

/** Binary variant of readExtra. */
export function readExtraBytes(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

/**
 * The entries of a directory that may not exist on this kernel, sorted; null when absent.
 * Absence is probed first: a failed readdir throws, and building that exception costs three
 * times the probe, which adds up over the many sources a default scrape finds absent.
 */
export function listOptional(dir: string): string[] | null {
  if (!existsSync(dir)) return null;
  try {
    return readdirSync(dir).sort();
  } catch (err) {
    if (isAbsent(err)) return null;
    throw err;
  }
}
