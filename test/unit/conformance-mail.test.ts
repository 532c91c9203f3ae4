/**
 * The conformance runner's e-mail hook (src/conformance/mail.ts): the target's sink files and
 * the emulator's outbox read into one shape, links masked, {{mail:…}} values taken from links.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import {
  comparable,
  folderMail,
  fromOutbox,
  mailVars,
  maskMail,
  waitFor,
} from '../../src/conformance/mail.js';
import { Masker } from '../../src/conformance/normalize.js';

const LINK = 'http://localhost:8081/dashboard/#/verify/email/6b16fb4fca2e9a2dbd5e72ba/919mxdlvr5v';

// A message as the rig's smtp-sink.mjs writes it (trimmed).
const SINK = {
  seq: 1,
  envelope: { from: 'postmaster@mg.tiledesk.com', to: ['probe3@example.com'] },
  from: ['postmaster@mg.tiledesk.com'],
  to: ['probe3@example.com'],
  cc: [],
  bcc: [],
  subject: '[Tiledesk] Verify your email address',
  headers: {
    from: JSON.stringify({
      value: [{ address: 'postmaster@mg.tiledesk.com', name: 'Tiledesk Notification' }],
    }),
  },
  html: `<a href="http://www.tiledesk.com">x</a><a href="${LINK}">verify</a><a href="${LINK}">again</a><a href="mailto:info@tiledesk.com">m</a>`,
};

const OUTBOX = {
  from: 'Tiledesk Notification <postmaster@mg.tiledesk.com>',
  to: 'probe3@example.com',
  bcc: [],
  subject: '[Tiledesk] Verify your email address',
  links: [LINK],
};

t.test('a sink file and an outbox entry of the same e-mail read the same', async (t) => {
  const dir = t.testdir();
  const mail = folderMail(dir);
  await mail.mark();
  writeFileSync(join(dir, '000001.json'), JSON.stringify(SINK));
  setTimeout(() => writeFileSync(join(dir, '000002.json'), JSON.stringify(SINK)), 200);
  const [real, late] = await waitFor(mail, (mails) => mails.length >= 2, 3000);
  t.ok(late, 'waits for a file that lands later');
  t.same(real, fromOutbox(OUTBOX));
  t.same(real?.links, [LINK], 'only dashboard links, each once');
  await mail.mark();
  t.same(await mail.list(), [], 'mark() forgets what was read');
});

t.test('mail:userid, mail:code and mail:key come from the latest links', async (t) => {
  t.same(mailVars([fromOutbox(OUTBOX)]), {
    'mail:userid': '6b16fb4fca2e9a2dbd5e72ba',
    'mail:code': '919mxdlvr5v',
  });
  const reset = { ...OUTBOX, links: ['http://x/dashboard/#/resetpassword/abc123'] };
  t.same(mailVars([fromOutbox(OUTBOX), fromOutbox(reset)])['mail:key'], 'abc123');
});

t.test('codes, keys and new ids are masked in links', async (t) => {
  const masked = maskMail(fromOutbox(OUTBOX), new Masker([])) as { links: string[] };
  t.same(masked.links, ['http://localhost:8081/dashboard/#/verify/email/<ObjectId>/<code>']);
  const known = maskMail(fromOutbox(OUTBOX), new Masker(['6b16fb4fca2e9a2dbd5e72ba'])) as {
    links: string[];
  };
  t.match(known.links[0], /\/6b16fb4fca2e9a2dbd5e72ba\/<code>$/);
});

t.test('a notification copy to several addresses: recipients and envelope', async (t) => {
  const copy = fromOutbox({ ...OUTBOX, to: 'a@x.test, B@x.test' });
  t.same(copy.to, ['a@x.test', 'b@x.test']);
  t.same(copy.envelope, { from: 'postmaster@mg.tiledesk.com', to: ['a@x.test', 'b@x.test'] });
});

t.test('the e-mails of a case compare in a stable order (the copy may land first)', async (t) => {
  const masker = new Masker([]);
  const user = fromOutbox(OUTBOX);
  const copy = fromOutbox({ ...OUTBOX, to: 'audit@acme.test', subject: 'x - notification' });
  t.same(comparable([copy, user], masker), comparable([user, copy], masker));
});
