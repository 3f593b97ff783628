import { constants } from 'node:os';

type Koffi = typeof import('koffi').default;

/** The FFI library and the C library's symbols, for collectors that make system calls. */
export interface Libc {
  readonly koffi: Koffi;
  readonly lib: ReturnType<Koffi['load']>;
}

let libc: Promise<Libc> | undefined;

/**
 * Load koffi and the C library the first time a collector needs them, so a vigil that makes
 * no system call never loads the FFI library. A failure (a platform koffi has no binary for)
 * is kept and given to every caller.
 */
export function loadLibc(): Promise<Libc> {
  libc ??= (async () => {
    let koffi: Koffi;
    try {
      koffi = (await import('koffi')).default;
    } catch (err) {
      throw new Error(
        `cannot load the FFI library koffi: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    // The process's own symbols: node is linked against the C library, glibc or musl.
    return { koffi, lib: koffi.load(null) };
  })();
  return libc;
}

/** An errno's symbolic name (EPERM), or `errno <n>` for one Node.js does not know. */
export function errnoName(errno: number): string {
  return Object.entries(constants.errno).find(([, n]) => n === errno)?.[0] ?? `errno ${errno}`;
}
