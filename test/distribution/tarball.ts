/**
 * The package as a user gets it: `npm pack`, then the tarball installed into a project of its
 * own (offline from npm's cache where it can be, as a CI runner with a warm cache would).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

/** Installs the one `.tgz` in `dir` into `project`. */
export function installTarball(dir: string, project: string): void {
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz')) as string;
  const install = ['install', '--no-audit', '--no-fund', join(dir, tarball)];
  try {
    npm([...install, '--offline'], project);
  } catch {
    npm([...install, '--prefer-offline'], project); // a dependency missing from the cache
  }
}
