/**
 * SMTP delivery against a real SMTP server (smtp-server, started here on port 0): what the
 * emulator sends, with which credentials, and that a failed delivery never fails a request.
 */
import t from 'tap';
import { resolveConfig } from '../../src/config.js';
import { smtpDelivery } from '../../src/tiledesk/smtp.js';
import { emulator, JANE, send } from '../helpers.js';
import { MAIL, recordingLog, smtpServer } from '../smtp-server.js';

t.test('smtpDelivery', async (t) => {
  t.test('sends the e-mail as it is, with EMAIL_USERNAME and EMAIL_PASSWORD', async (t) => {
    const smtp = await smtpServer(t);
    const log = recordingLog();
    const delivery = smtpDelivery(
      { host: '127.0.0.1', port: smtp.port, secure: false, username: 'me', password: 's3cret' },
      log,
    );
    delivery.send(MAIL);
    await delivery.close();
    t.equal(smtp.received.length, 1);
    const [got] = smtp.received;
    t.equal(got?.from, 'postmaster@mg.tiledesk.com');
    t.strictSame(got?.to, ['jane.doe@example.com']);
    t.equal(got?.user, 'me');
    t.equal(got?.password, 's3cret');
    t.match(got?.message, /^Subject: \[Tiledesk\] Your password has been changed\r$/m);
    t.match(got?.message, /^From: Tiledesk Notification <postmaster@mg\.tiledesk\.com>\r$/m);
    t.match(got?.message, /Hello Jane,/);
    t.match(log.lines, [{ level: 'info', details: { kind: 'password-changed' } }]);
    t.notOk(JSON.stringify(log.lines).includes('s3cret'), 'the password is never logged');
  });

  t.test('sends without AUTH when EMAIL_PASSWORD is not set', async (t) => {
    const smtp = await smtpServer(t);
    const delivery = smtpDelivery(
      { host: '127.0.0.1', port: smtp.port, secure: false, username: 'me', password: undefined },
      recordingLog(),
    );
    delivery.send(MAIL);
    await delivery.close();
    t.equal(smtp.received[0]?.user, undefined);
  });

  t.test('logs a refused delivery and never throws', async (t) => {
    const smtp = await smtpServer(t, {
      onRcptTo(_address, _session, callback) {
        callback(new Error('mailbox unavailable'));
      },
    });
    const log = recordingLog();
    const delivery = smtpDelivery(
      { host: '127.0.0.1', port: smtp.port, secure: false, username: 'me', password: 'pw' },
      log,
    );
    t.doesNotThrow(() => delivery.send(MAIL));
    await delivery.settled();
    t.match(log.lines, [{ level: 'warn', message: /not delivered.*mailbox unavailable/ }]);
    t.notOk(JSON.stringify(log.lines).includes('"pw"'));
    await delivery.close();
  });
});

t.test('an emulator with EMAIL_ENABLED=true', async (t) => {
  const basic = `Basic ${Buffer.from(`${JANE.email}:${JANE.password}`).toString('base64')}`;

  t.test('delivers the e-mail the outbox receives, as a Tiledesk .env configures it', async (t) => {
    const smtp = await smtpServer(t);
    const { smtp: config } = resolveConfig(
      {},
      {
        EMAIL_ENABLED: 'true',
        EMAIL_HOST: '127.0.0.1',
        EMAIL_PORT: String(smtp.port),
        EMAIL_SECURE: 'false',
        EMAIL_USERNAME: 'tiledesk',
        EMAIL_PASSWORD: 'mailpass',
      },
    );
    const emu = await emulator(t, { smtp: config || false });
    const res = await send(emu.url, '/users/resendverifyemail', undefined, {
      method: 'GET',
      headers: { authorization: basic },
    });
    t.equal(res.status, 200);
    const link = (await emu.tools.listOutbox()).at(-1)?.links[0] as string;
    await emu.close();
    t.equal(smtp.received.length, 1, 'close() waited for the delivery');
    const [got] = smtp.received;
    t.strictSame(got?.to, [JANE.email]);
    t.equal(got?.user, 'tiledesk');
    t.ok(
      got?.message.replace(/=\r\n/g, '').includes(link.replace(/=/g, '=3D')) ||
        got?.message.includes(link),
      "the SMTP message carries the outbox entry's link",
    );
  });

  t.test('answers the request when the SMTP server cannot be reached', async (t) => {
    const emu = await emulator(t, { smtp: { host: '127.0.0.1', port: 1, password: 'x' } });
    const res = await send(emu.url, '/users/resendverifyemail', undefined, {
      method: 'GET',
      headers: { authorization: basic },
    });
    t.equal(res.status, 200);
    t.equal((await emu.tools.listOutbox()).length, 1, 'the outbox has the e-mail all the same');
  });
});
