/** The CLI banner's path lists: the first path in full, the others without the shared prefix. */
import t from 'tap';
import { pathList } from '../../src/cli.js';
import type { Operation } from '../../src/openapi.js';

const operations = (...paths: string[]) =>
  paths.map((path) => ({ path })) as unknown as Operation[];

t.test('a path outside the prefix is listed in full', async (t) => {
  t.equal(
    pathList(
      operations(
        '/auth/signin',
        '/auth/signup',
        '/auth/signup',
        '/users',
        '/users/changepsw',
        '/chat21/native/auth/createCustomToken',
        '/auth',
        '/authors',
      ),
      '/auth',
    ),
    '/auth/signin, /signup, /users, /users/changepsw, /chat21/native/auth/createCustomToken, /auth, /authors',
  );
});
