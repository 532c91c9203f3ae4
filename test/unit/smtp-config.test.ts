import t from 'tap';
import { ConfigError, resolveConfig } from '../../src/config.js';

t.test(
  'resolveConfig: SMTP delivery and the chat secret, with the real server variables',
  async (t) => {
    t.test('off unless EMAIL_ENABLED is exactly "true"', async (t) => {
      t.equal(resolveConfig({}, {}).smtp, undefined);
      t.equal(resolveConfig({}, { EMAIL_ENABLED: 'TRUE', EMAIL_HOST: 'x' }).smtp, undefined);
      t.equal(resolveConfig({}, { EMAIL_ENABLED: '1' }).smtp, undefined);
    });

    t.test("the real server's defaults", async (t) => {
      t.strictSame(resolveConfig({}, { EMAIL_ENABLED: 'true' }).smtp, {
        host: 'smtp.mailgun.org',
        port: undefined,
        secure: false,
        username: 'postmaster@mg.tiledesk.com',
        password: undefined,
      });
    });

    t.test('a Tiledesk .env, unchanged', async (t) => {
      const env = {
        EMAIL_ENABLED: 'true',
        EMAIL_HOST: 'mailpit',
        EMAIL_PORT: '1025',
        EMAIL_SECURE: 'true',
        EMAIL_USERNAME: 'me',
        EMAIL_PASSWORD: 'pw',
      };
      t.strictSame(resolveConfig({}, env).smtp, {
        host: 'mailpit',
        port: 1025,
        secure: true,
        username: 'me',
        password: 'pw',
      });
    });

    t.test('the smtp option wins; false turns delivery off', async (t) => {
      const env = { EMAIL_ENABLED: 'true', EMAIL_HOST: 'from-env' };
      t.equal(resolveConfig({ smtp: false }, env).smtp, undefined);
      t.match(resolveConfig({ smtp: { host: 'given', port: 2525 } }, env).smtp, {
        host: 'given',
        port: 2525,
      });
    });

    t.test('a port that is not one stops start-up', async (t) => {
      t.throws(
        () => resolveConfig({}, { EMAIL_ENABLED: 'true', EMAIL_PORT: 'smtp' }),
        new ConfigError('SMTP port (EMAIL_PORT) must be an integer from 0 to 65535, got "smtp"'),
      );
    });

    t.test('CHAT21_JWT_SECRET, default tokenKey', async (t) => {
      t.equal(resolveConfig({}, {}).chat21Secret, 'tokenKey');
      t.equal(resolveConfig({}, { CHAT21_JWT_SECRET: 's' }).chat21Secret, 's');
      t.equal(resolveConfig({ chat21Secret: 'o' }, { CHAT21_JWT_SECRET: 's' }).chat21Secret, 'o');
    });
  },
);
