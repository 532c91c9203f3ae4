/**
 * What `npm start` runs, `node dist/bin.js`, answers on every public route (the /openapi.json
 * of the CLI once answered 500 while every test of the modules passed).
 */
import { join } from 'node:path';
import t from 'tap';
import { startCli } from '../reliability/cli.js';
import { checkEveryRoute } from './routes.js';

t.test('node dist/bin.js answers on every public route', async (t) => {
  const db = join(t.testdir(), 'db.json');
  const cli = await startCli(['--port', '0', '--db', db, '--log-level', 'silent']);
  t.teardown(() => cli.kill());
  await checkEveryRoute(t, cli.url);
});
