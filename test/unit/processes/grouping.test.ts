import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../exporter/config/load.js';
import {
  Grouper,
  KERNEL_THREADS_GROUP,
  type ProcessIdentity,
} from '../../../exporter/processes/grouping.js';

const proc = (p: Partial<ProcessIdentity>): ProcessIdentity => ({
  comm: 'x',
  exe: '',
  cmdline: [],
  username: 'root',
  kernelThread: false,
  ...p,
});

function grouper(yaml: string): Grouper {
  return new Grouper(parseConfig(yaml, 'vigil.yml').processes.groups);
}

describe('Grouper', () => {
  it('groups by command name and folds kernel threads when no groups are configured', () => {
    const g = new Grouper([]);
    expect(g.groupOf(proc({ comm: 'nginx' }))).toBe('nginx');
    expect(g.groupOf(proc({ comm: 'kworker/0:1', kernelThread: true }))).toBe(KERNEL_THREADS_GROUP);
  });

  it('takes the first group that matches, and reports nothing that matches none', () => {
    const g = grouper(`
processes:
  groups:
    - {name: web, comm: [nginx, apache2]}
    - {name: "{{comm}}", comm: [nginx, postgres]}
`);
    expect(g.groupOf(proc({ comm: 'nginx' }))).toBe('web');
    expect(g.groupOf(proc({ comm: 'postgres' }))).toBe('postgres');
    expect(g.groupOf(proc({ comm: 'sshd' }))).toBeNull();
  });

  it('requires every cmdline pattern and fills named captures, Python syntax included', () => {
    const g = grouper(`
processes:
  groups:
    - name: "api:{{matches.port}}"
      exe: [node]
      cmdline: ['--port=(?P<port>\\d+)', 'server\\.js']
`);
    const node = { comm: 'node', exe: '/usr/bin/node' };
    expect(
      g.groupOf(proc({ ...node, cmdline: ['/usr/bin/node', 'server.js', '--port=8080'] })),
    ).toBe('api:8080');
    expect(
      g.groupOf(proc({ ...node, cmdline: ['/usr/bin/node', 'worker.js', '--port=8080'] })),
    ).toBeNull();
    expect(
      g.groupOf(
        proc({
          comm: 'python3',
          exe: '/usr/bin/python3',
          cmdline: ['python3', 'server.js', '--port=1'],
        }),
      ),
    ).toBeNull();
  });

  it('matches exe by full path when the pattern has a slash, by base name otherwise', () => {
    const g = grouper(
      'processes:\n  groups:\n    - {name: "{{exe_base}} as {{username}}", exe: [/opt/app/bin/app]}\n',
    );
    expect(g.groupOf(proc({ exe: '/opt/app/bin/app', username: 'app' }))).toBe('app as app');
    expect(g.groupOf(proc({ exe: '/usr/bin/app' }))).toBeNull();
  });
});

describe('process group configuration errors', () => {
  const error = (yaml: string) => {
    try {
      parseConfig(yaml, 'vigil.yml');
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('expected an error');
  };

  it('names the group and the pattern of a cmdline regex that does not compile', () => {
    expect(
      error('processes:\n  groups:\n    - {name: api, cmdline: ["--port=(\\\\d+"]}\n'),
    ).toMatch(
      /vigil\.yml:3:\d+: processes\.groups\[0\]\.cmdline\[0\]: group "api": cmdline pattern "--port=\(\\\\d\+" does not compile/,
    );
  });

  it('rejects an unknown template field, a matcher-less group and a watched template', () => {
    expect(error('processes:\n  groups:\n    - {name: "{{pid}}", comm: [a]}\n')).toContain(
      'unknown template field {{pid}}',
    );
    expect(error('processes:\n  groups:\n    - {name: a}\n')).toContain(
      'give at least one of comm, exe or cmdline',
    );
    expect(
      error('processes:\n  groups:\n    - {name: "{{comm}}", comm: [a], min_count: 1}\n'),
    ).toContain('needs a fixed name');
  });
});
