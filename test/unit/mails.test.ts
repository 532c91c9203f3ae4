/**
 * The e-mail builder (src/tiledesk/mails.ts): sender, recipients, subjects and links as the real
 * server's emailService makes them from EMAIL_FROM_ADDRESS, EMAIL_BCC, EMAIL_BASEURL and
 * BRAND_NAME (values read from the real server's $RUN/mail/<n>.json), and their defaults.
 */
import t from 'tap';
import { resolveConfig } from '../../src/config.js';
import {
  passwordChangedMails,
  resetPasswordMails,
  verifyEmailMails,
} from '../../src/tiledesk/mails.js';

const user = {
  _id: '6b16fb4fca2e9a2dbd5e72ba',
  email: 'probe3@example.com',
  firstname: 'Pro',
  lastname: 'Be',
};
const defaults = resolveConfig().mail;

t.test('the real server defaults', async (t) => {
  t.same(defaults, {
    from: 'Tiledesk Notification <postmaster@mg.tiledesk.com>',
    bcc: '',
    baseUrl: 'http://localhost:8081/dashboard',
    brandName: 'Tiledesk',
    outboxLimit: 1000,
  });
});

t.test('options win over the environment, which wins over the defaults', async (t) => {
  const env = {
    EMAIL_FROM_ADDRESS: 'Acme <no-reply@acme.test>',
    EMAIL_BCC: 'audit@acme.test',
    EMAIL_BASEURL: 'https://app.acme.test/dashboard',
    BRAND_NAME: 'Acme',
    OUTBOX_LIMIT: '5',
  };
  t.same(resolveConfig({}, env).mail, {
    from: 'Acme <no-reply@acme.test>',
    bcc: 'audit@acme.test',
    baseUrl: 'https://app.acme.test/dashboard',
    brandName: 'Acme',
    outboxLimit: 5,
  });
  t.equal(resolveConfig({ brandName: 'Other' }, env).mail.brandName, 'Other');
  t.equal(resolveConfig({}, { BRAND_NAME: '' }).mail.brandName, 'Tiledesk', 'empty is unset');
  t.throws(() => resolveConfig({ outboxLimit: 0 }), /outbox limit \(OUTBOX_LIMIT\) must be/);
});

t.test(
  'verify-email: one e-mail to the user, its link carrying the user id and the code',
  async (t) => {
    const [mail, ...rest] = verifyEmailMails(user, '919mxdlvr5v', defaults);
    t.same(rest, [], 'no copy without EMAIL_BCC');
    t.match(mail, {
      kind: 'verify-email',
      from: 'Tiledesk Notification <postmaster@mg.tiledesk.com>',
      to: 'probe3@example.com',
      bcc: [],
      subject: '[Tiledesk] Verify your email address',
      links: [
        'http://localhost:8081/dashboard/#/verify/email/6b16fb4fca2e9a2dbd5e72ba/919mxdlvr5v',
      ],
      code: '919mxdlvr5v',
    });
    t.notOk('key' in (mail ?? {}));
    t.match(mail?.text, /Hello Pro Be,/);
    t.match(mail?.html, /href="http:\/\/localhost:8081\/dashboard\/#\/verify\/email\//);
  },
);

t.test('EMAIL_BCC gets a copy of its own, subject marked "- notification"', async (t) => {
  const settings = { ...defaults, bcc: 'audit@acme.test', brandName: 'Acme' };
  const verify = verifyEmailMails(user, 'c0de', settings);
  t.same(
    verify.map((m) => [m.to, m.subject, m.bcc]),
    [
      ['probe3@example.com', '[Acme] Verify your email address', []],
      ['audit@acme.test', '[Acme] Verify your email address probe3@example.com - notification', []],
    ],
  );
  t.same(verify[1]?.links, verify[0]?.links, 'the copy carries the same link');
  t.same(
    resetPasswordMails(user, 'k', settings).map((m) => m.subject),
    ['[Acme] Password reset request', '[Acme] Password reset request - notification'],
  );
  t.same(
    passwordChangedMails(user, settings).map((m) => m.subject),
    [
      '[Acme] Your password has been changed',
      '[Acme] Your password has been changed - notification',
    ],
  );
});

t.test('reset-password: the key in a link under EMAIL_BASEURL', async (t) => {
  const settings = { ...defaults, baseUrl: 'https://app.acme.test/dashboard' };
  const [mail] = resetPasswordMails(user, '919mxdlw9m7', settings);
  t.match(mail, {
    kind: 'reset-password',
    subject: '[Tiledesk] Password reset request',
    links: ['https://app.acme.test/dashboard/#/resetpassword/919mxdlw9m7'],
    key: '919mxdlw9m7',
  });
});

t.test('password-changed: no link; names the account', async (t) => {
  const [mail] = passwordChangedMails({ _id: user._id, email: user.email }, defaults);
  t.match(mail, { kind: 'password-changed', links: [], to: 'probe3@example.com' });
  t.match(mail?.text, /^Hello,\n/);
  t.match(mail?.text, /probe3@example\.com has just been changed/);
});

t.test('names are escaped in the HTML', async (t) => {
  const [mail] = passwordChangedMails({ ...user, firstname: '<b>x</b>' }, defaults);
  t.match(mail?.html, /&#60;b&#62;x&#60;\/b&#62;/);
  t.notMatch(mail?.html, /<b>x/);
});
