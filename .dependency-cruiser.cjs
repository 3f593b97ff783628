/**
 * The import rules of exporter/, checked by `npm run lint:imports` (part of `npm test`).
 * The layering they keep: parsers, patterns and exposition are leaves; core drives
 * collectors without knowing any; collectors and features never reach the HTTP server or
 * the command line; config only composes the sections the features declare.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order matter and modules impossible to read alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'parsers-are-pure',
      severity: 'error',
      comment: 'Parsers turn text into data: they import nothing of the exporter and no I/O.',
      from: { path: '^exporter/parsers/' },
      to: { pathNot: ['^exporter/parsers/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'leaves-stay-leaves',
      severity: 'error',
      comment: 'Pattern safety and the exposition model are shared by everything above them.',
      from: { path: '^exporter/(patterns|exposition)/' },
      to: { path: '^exporter/', pathNot: ['^exporter/$1/'] },
    },
    {
      name: 'core-knows-no-collector',
      severity: 'error',
      comment: 'The exporter runs whatever definitions it is given; main wires the list.',
      from: { path: '^exporter/core/' },
      to: {
        path: '^exporter/(collectors|config|server|cli|logs|apis|processes|ports|anomaly|textfile)/',
      },
    },
    {
      name: 'features-do-not-reach-the-server',
      severity: 'error',
      comment: "Collectors and features serve families; HTTP and flags are the entry point's.",
      from: {
        path: '^exporter/(collectors|logs|apis|processes|ports|anomaly|textfile|parsers|config)/',
      },
      to: { path: '^exporter/(server|cli|main)' },
    },
    {
      name: 'features-do-not-read-the-whole-config',
      severity: 'error',
      comment: 'A feature reads its own section (its config.ts); config/schema.ts composes them.',
      from: { path: '^exporter/', pathNot: ['^exporter/(config|main)'] },
      to: { path: '^exporter/config/(schema|load)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
