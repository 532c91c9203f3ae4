/**
 * src/tiledesk/smtp.ts on its own: where the log says e-mails go (describeSmtp), the envelope
 * of an e-mail with a Bcc, a delivery without AUTH that arrives, and the log lines of a
 * delivery, against a real SMTP server (smtp-server on port 0); then the SMTP settings as the
 * configuration reads them (EMAIL_*).
 */
import t from 'tap';
import { ConfigError, resolveConfig, type SmtpConfig } from '../../src/config.js';
import { describeSmtp, smtpDelivery } from '../../src/tiledesk/smtp.js';
import { MAIL, recordingLog, smtpServer } from '../smtp-server.js';

const config = (over: Partial<SmtpConfig>): SmtpConfig => ({
  host: 'mail.example.com',
  port: undefined,
  secure: false,
  username: 'postmaster@mg.tiledesk.com',
  password: 'pw',
  ...over,
});

t.test(
  'describeSmtp: scheme, host, the port nodemailer uses, the user; never the password',
  async (t) => {
    t.equal(describeSmtp(config({})), 'smtp://mail.example.com:587 as postmaster@mg.tiledesk.com');
    t.equal(
      describeSmtp(config({ secure: true })),
      'smtps://mail.example.com:465 as postmaster@mg.tiledesk.com',
    );
    t.equal(
      describeSmtp(config({ port: 2525, secure: true })),
      'smtps://mail.example.com:2525 as postmaster@mg.tiledesk.com',
    );
    t.equal(
      describeSmtp(config({ port: 25 })),
      'smtp://mail.example.com:25 as postmaster@mg.tiledesk.com',
    );
    t.equal(
      describeSmtp(config({ password: undefined, username: 'me' })),
      'smtp://mail.example.com:587 as me (no AUTH: EMAIL_PASSWORD is not set)',
    );
    t.notOk(describeSmtp(config({ password: 's3cret' })).includes('s3cret'));
  },
);

t.test('without EMAIL_PASSWORD the e-mail is delivered, without AUTH', async (t) => {
  const smtp = await smtpServer(t);
  const log = recordingLog();
  const delivery = smtpDelivery(
    config({ host: '127.0.0.1', port: smtp.port, username: 'me', password: undefined }),
    log,
  );
  delivery.send(MAIL);
  await delivery.close();
  t.equal(smtp.received.length, 1, 'delivered');
  t.equal(smtp.received[0]?.user, undefined, 'no AUTH');
  t.strictSame(
    log.lines.map((line) => line.level),
    ['info'],
  );
});

t.test('a Bcc is in the envelope, not in the headers; the log says where it went', async (t) => {
  const smtp = await smtpServer(t);
  const log = recordingLog();
  const delivery = smtpDelivery(
    config({ host: '127.0.0.1', port: smtp.port, username: 'me', password: 'pw' }),
    log,
  );
  t.equal(delivery.pending(), 0);
  delivery.send({ ...MAIL, bcc: ['copy@example.com'] });
  t.equal(delivery.pending(), 1, 'under way');
  await delivery.settled();
  t.equal(delivery.pending(), 0, 'an ended delivery is forgotten');
  t.equal(smtp.received.length, 1);
  t.strictSame(smtp.received[0]?.to, ['jane.doe@example.com', 'copy@example.com']);
  t.notMatch(smtp.received[0]?.message, /^Bcc:/im);
  const [line] = log.lines;
  t.equal(line?.level, 'info');
  t.equal(line?.message, `e-mail sent to smtp://127.0.0.1:${smtp.port} as me`);
  t.match(line?.details, {
    kind: 'password-changed',
    to: 'jane.doe@example.com',
    messageId: /^<.+>$/,
  });
  await delivery.close();
});

t.test('a refused delivery is logged with the e-mail and the reason', async (t) => {
  const smtp = await smtpServer(t, {
    onRcptTo(_address, _session, callback) {
      callback(new Error('mailbox unavailable'));
    },
  });
  const log = recordingLog();
  const delivery = smtpDelivery(
    config({ host: '127.0.0.1', port: smtp.port, username: 'me', password: 'pw' }),
    log,
  );
  delivery.send(MAIL);
  await delivery.settled();
  t.equal(delivery.pending(), 0, 'a failed delivery is forgotten too');
  t.equal(log.lines.length, 1);
  const [line] = log.lines;
  t.equal(line?.level, 'warn');
  t.match(line?.details, {
    kind: 'password-changed',
    to: 'jane.doe@example.com',
    reason: /mailbox unavailable/,
  });
  t.match(
    line?.message,
    new RegExp(
      `^e-mail not delivered to smtp://127\\.0\\.0\\.1:${smtp.port} as me: .*mailbox unavailable.* \\(the request was answered all the same, as on the real server\\)$`,
    ),
  );
  await delivery.close();
});

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
