import { join } from 'node:path';
import { defineCollector } from '../core/collector.js';
import { single } from '../exposition/family.js';
import { parseFileNr } from '../parsers/file-nr.js';
import { parseSource, readOptional } from './source.js';

export const filefdCollector = defineCollector({
  name: 'filefd',
  defaultEnabled: true,
  nodeExporter: true,
  description: 'Allocated and maximum file handles of the system (/proc/sys/fs/file-nr).',
  create: ({ paths }) => ({
    async collect() {
      const path = join(paths.procfs, 'sys/fs/file-nr');
      const text = readOptional(path);
      if (text === null) return [];
      const { allocated, maximum } = parseSource(path, text, parseFileNr);
      return [
        single(
          'node_filefd_allocated',
          'File descriptor statistics: allocated.',
          'gauge',
          allocated,
        ),
        single('node_filefd_maximum', 'File descriptor statistics: maximum.', 'gauge', maximum),
      ];
    },
  }),
});
