/**
 * An SMTP server for the tests (smtp-server on port 0, no TLS, AUTH PLAIN/LOGIN allowed) that
 * keeps what it receives, an e-mail to send, and a log that records its lines: shared by the
 * unit tests of src/tiledesk/smtp.ts and the API tests of SMTP delivery.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { Mail } from '../src/tiledesk/mail.js';
import type { Test } from './helpers.js';

export interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  password: string | undefined;
  message: string;
}

/** An SMTP server on a free port that keeps what it receives (no TLS; AUTH PLAIN/LOGIN allowed). */
export async function smtpServer(t: Test, options: Partial<SMTPServerOptions> = {}) {
  const received: Received[] = [];
  const auths = new Map<string, { user: string; password: string }>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, session, callback) {
      auths.set(session.id, { user: auth.username ?? '', password: auth.password ?? '' });
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const auth = auths.get(session.id);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: auth?.user,
          password: auth?.password,
          message: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, received };
}

export const MAIL: Mail = {
  kind: 'password-changed',
  from: 'Tiledesk Notification <postmaster@mg.tiledesk.com>',
  to: 'jane.doe@example.com',
  bcc: [],
  subject: '[Tiledesk] Your password has been changed',
  text: 'Hello Jane,',
  html: '<p>Hello Jane,</p>',
  links: [],
};

export function recordingLog() {
  const lines: { level: string; details: object; message: string }[] = [];
  return {
    lines,
    info: (details: object, message: string) => lines.push({ level: 'info', details, message }),
    warn: (details: object, message: string) => lines.push({ level: 'warn', details, message }),
  };
}
