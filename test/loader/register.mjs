/**
 * Runs the TypeScript sources and tests in Node 20 (`node --import ./test/loader/register.mjs`),
 * as tap's `node-arg` does for every tier. Why not tsx: it minifies whitespace, so a line of its
 * output holds many source lines and the coverage report counts every line as run.
 */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
