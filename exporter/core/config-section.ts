/**
 * Tells a collector when its section of the configuration has changed. The configuration
 * object is only replaced on reload, so the identity check makes the common case free; the
 * content comparison then keeps a collector's state across a reload that left its section
 * as it was.
 *
 * Returns the section when it changed since the last call (and on the first call), else
 * undefined.
 */
export function sectionTracker<T>(read: () => T): () => T | undefined {
  let seen: T | undefined;
  let content: string | undefined;
  return () => {
    const section = read();
    if (section === seen) return undefined;
    seen = section;
    const next = JSON.stringify(section);
    if (next === content) return undefined;
    content = next;
    return section;
  };
}
