/**
 * SMTP delivery, as the real server's emailService sends its e-mails (nodemailer, the same
 * transport options): each e-mail handed over is sent at once and never awaited by the
 * request, and a failed delivery is logged, never thrown, as on the real server.
 */
import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../config.js';
import type { Mail, SendMail } from './mail.js';

/** The two log calls delivery makes (a pino logger fits). */
export interface DeliveryLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface SmtpDelivery {
  /** Starts sending; returns at once. */
  send: SendMail;
  /** Resolves when every delivery started so far has ended, delivered or not. */
  settled(): Promise<void>;
  /** How many deliveries have started and not ended (an ended one is forgotten). */
  pending(): number;
  /** Waits for deliveries in flight, then closes the transport. */
  close(): Promise<void>;
}

/** Where the SMTP server is, for the log: never the password. */
export function describeSmtp(config: SmtpConfig): string {
  const port = config.port ?? (config.secure ? 465 : 587);
  return `smtp${config.secure ? 's' : ''}://${config.host}:${port} as ${config.username}${config.password === undefined ? ' (no AUTH: EMAIL_PASSWORD is not set)' : ''}`;
}

export function smtpDelivery(config: SmtpConfig, log: DeliveryLog): SmtpDelivery {
  const transport = nodemailer.createTransport({
    host: config.host,
    ...(config.port !== undefined && { port: config.port }),
    secure: config.secure,
    ...(config.password !== undefined && {
      auth: { user: config.username, pass: config.password },
    }),
  });
  const inFlight = new Set<Promise<void>>();
  const deliver = async (mail: Mail): Promise<void> => {
    const where = describeSmtp(config);
    try {
      const info = await transport.sendMail({
        from: mail.from,
        to: mail.to,
        ...(mail.bcc.length > 0 && { bcc: mail.bcc }),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      log.info(
        { kind: mail.kind, to: mail.to, messageId: info.messageId },
        `e-mail sent to ${where}`,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.warn(
        { kind: mail.kind, to: mail.to, reason },
        `e-mail not delivered to ${where}: ${reason} (the request was answered all the same, as on the real server)`,
      );
    }
  };
  return {
    send(mail) {
      const delivery = deliver(mail).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    },
    async settled() {
      await Promise.all([...inFlight]);
    },
    pending: () => inFlight.size,
    async close() {
      await Promise.all([...inFlight]);
      transport.close();
    },
  };
}
