/**
 * The layering of src/, checked by `npm run lint:imports` (dependency-cruiser) in the fast test
 * tier (test/unit/layering.test.ts). Type-only imports count: a circle of types is a circle.
 *   store/     the records and their file: imports nothing of the emulator's
 *   tiledesk/  what the real server does: imports store/ and the generic modules, never emulator/
 *   emulator/  the emulator's own tools and the control API
 *   app.ts, server.ts, cli.ts, index.ts wire them together
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circle, type-only ones included.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'store-imports-only-store',
      severity: 'error',
      comment:
        'store/ knows only its records and lowdb: nothing of emulator/, tiledesk/ or the wiring.',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: '^src/store/' },
    },
    {
      name: 'tiledesk-not-emulator',
      severity: 'error',
      comment: 'tiledesk/ is the real server; the emulator builds on it, never the other way.',
      from: { path: '^src/tiledesk/' },
      to: { path: '^src/(emulator|conformance)/|^src/(app|server|cli|index|tools)\\.ts$' },
    },
    {
      name: 'generic-not-domain',
      severity: 'error',
      comment:
        'The generic modules (spec loading, validation, handler types, replies, errors, routing) know neither API.',
      from: { path: '^src/(openapi|validation|handler|reply|errors|operations)\\.ts$' },
      to: { path: '^src/(emulator|tiledesk|store|conformance)/' },
    },
    {
      name: 'no-wiring-below',
      severity: 'error',
      comment: 'Only the entry points import the wiring (app.ts, server.ts).',
      from: { path: '^src/(store|tiledesk|emulator)/' },
      to: { path: '^src/(app|server|cli|index)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
