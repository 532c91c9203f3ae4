/**
 * The e-mails the real server sends (its emailService, over nodemailer), as a handler hands them
 * over: to the emulator's outbox and, when delivery is configured, to an SMTP server. Sender,
 * recipients, subject and links are the real server's; the text is the emulator's own words.
 * Handing one over never fails or delays the request, as on the real server.
 */
export type MailKind = 'verify-email' | 'reset-password' | 'password-changed';

export interface Mail {
  kind: MailKind;
  from: string;
  to: string;
  /**
   * The message's Bcc recipients: always empty for these three kinds, as on the real server,
   * which sends EMAIL_BCC a copy of its own (a second Mail, its subject ending ` - notification`).
   */
  bcc: string[];
  subject: string;
  text: string;
  html: string;
  /** The links the e-mail carries (verification, password reset), in order. */
  links: string[];
  /** The verification code its link carries (verify-email). */
  code?: string;
  /** The password reset key its link carries (reset-password). */
  key?: string;
}

/** Hands an e-mail over; returns at once. */
export type SendMail = (mail: Mail) => void;
