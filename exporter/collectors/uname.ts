import os from 'node:os';
import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { gauge } from '../exposition/family.js';
import { readOptional } from './source.js';

/** uname(2) fields as the kernel publishes them under /proc/sys/kernel. */
async function kernelField(procfs: string, name: string, fallback: () => string): Promise<string> {
  const text = readOptional(join(procfs, 'sys/kernel', name));
  return text === null ? fallback() : text.trim();
}

export const unameCollector = defineCollector({
  name: 'uname',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Kernel name, release, version, machine and host name (node_uname_info).',
  create: ({ paths }) => ({
    async collect() {
      const [sysname, release, version, nodename, domainname, machine] = await Promise.all([
        kernelField(paths.procfs, 'ostype', () => os.type()),
        kernelField(paths.procfs, 'osrelease', () => os.release()),
        kernelField(paths.procfs, 'version', () => os.version()),
        kernelField(paths.procfs, 'hostname', () => os.hostname()),
        kernelField(paths.procfs, 'domainname', () => '(none)'),
        kernelField(paths.procfs, 'arch', () => os.machine()),
      ]);
      const info = gauge(
        'node_uname_info',
        'Labeled system information as provided by the uname system call.',
      );
      info.add(1, { domainname, machine, nodename, release, sysname, version });
      return [info.build()];
    },
  }),
});
