/** The request journal (src/control/journal.ts): a bounded ring, redacted when read. */
import t from 'tap';
import { Journal, type JournalRecord, REDACTED } from '../../src/emulator/journal.js';

function record(n: number, extra: Partial<JournalRecord> = {}): JournalRecord {
  return {
    operationId: n % 2 === 0 ? 'signin' : 'signinAnonymously',
    method: 'POST',
    url: `/auth/op?n=${n}`,
    status: 200,
    startedAt: Date.UTC(2026, 0, 20, 11, 50, 8, 778) + n,
    durationMs: 1.23456,
    ...extra,
  };
}

t.test('keeps the last `limit` requests, oldest first', async (t) => {
  const journal = new Journal(5);
  for (let n = 0; n < 12; n++) journal.record(record(n));
  t.same(
    journal.list().map((entry) => entry.path),
    [7, 8, 9, 10, 11].map((n) => `/auth/op?n=${n}`),
  );
  t.same(
    journal.list('signin').map((entry) => entry.path),
    ['/auth/op?n=8', '/auth/op?n=10'],
  );
  journal.clear();
  t.same(journal.list(), []);
  journal.record(record(1));
  t.same(
    journal.list().map((entry) => entry.path),
    ['/auth/op?n=1'],
  );
});

t.test('fewer requests than the limit are all listed', async (t) => {
  const journal = new Journal(1000);
  for (let n = 0; n < 3; n++) journal.record(record(n));
  t.equal(journal.list().length, 3);
  t.same(new Journal(0).list(), []);
});

t.test('entries are redacted and formatted when read, records are kept as given', async (t) => {
  const journal = new Journal();
  const body = { email: 'jane.doe@example.com', password: 'janepassword', nested: { token: 'x' } };
  journal.record(record(0, { url: '/auth/signin?secret_token=abc&x=1', body }));
  const [entry] = journal.list();
  t.same(entry, {
    seq: 1,
    operationId: 'signin',
    method: 'POST',
    path: `/auth/signin?secret_token=${encodeURIComponent(REDACTED)}&x=1`,
    status: 200,
    time: '2026-01-20T11:50:08.778Z',
    durationMs: 1.235,
    body: { email: 'jane.doe@example.com', password: REDACTED, nested: { token: REDACTED } },
  });
  t.equal(body.password, 'janepassword', 'the request body itself is not changed');
  journal.record(record(2, { body: undefined }));
  t.notOk('body' in (journal.list()[1] ?? {}), 'no body, no key');
});
