import bcryptjs from 'bcryptjs';
import t from 'tap';
import { hashPassword, verifyPassword } from '../../src/tiledesk/passwords.js';

t.test('new hashes are $2a$, as bcrypt-nodejs writes and accepts them', async (t) => {
  const hash = await hashPassword('a password', 4);
  t.match(hash, /^\$2a\$04\$[./A-Za-z0-9]{53}$/);
  t.ok(await bcryptjs.compare('a password', hash), 'another bcrypt implementation agrees');
  t.ok(await verifyPassword('a password', hash));
  t.notOk(await verifyPassword('another password', hash));
});

t.test('hashes made elsewhere verify; anything odd is a wrong password', async (t) => {
  const b = await bcryptjs.hash('pw', 4);
  t.match(b, /^\$2b\$/);
  t.ok(await verifyPassword('pw', b));
  t.ok(await verifyPassword('pw', b.replace('$2b$', '$2y$')));
  t.notOk(await verifyPassword('pw', 'not a hash'));
  t.notOk(await verifyPassword(42, b));
  t.notOk(await verifyPassword(['pw'], b));
});
