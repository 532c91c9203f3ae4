/**
 * The three e-mails of the auth routes, as the real server's emailService addresses them:
 * sender EMAIL_FROM_ADDRESS, subject `[BRAND_NAME] …`, links under EMAIL_BASEURL. Each is sent
 * to the user, and, when EMAIL_BCC is set, once more to those addresses as a message of its own
 * whose subject ends in ` - notification` (the real server sends the copy separately, with no
 * Bcc header, so `bcc` stays empty). The text and HTML are the emulator's own words.
 */
import type { MailConfig } from '../config.js';
import type { Mail, MailKind } from './mail.js';

export type MailSettings = Pick<MailConfig, 'from' | 'bcc' | 'baseUrl' | 'brandName'>;

/** What the e-mails say about their recipient. */
export interface MailUser {
  _id: string;
  email: string;
  firstname?: string | null | undefined;
  lastname?: string | null | undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function greeting(user: MailUser): string {
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ');
  return name ? `Hello ${name},` : 'Hello,';
}

interface Content {
  kind: MailKind;
  subject: string;
  /** The notification copy's subject. */
  notification: string;
  paragraphs: string[];
  link?: { href: string; label: string };
  code?: string;
  key?: string;
}

function html(content: Content, user: MailUser): string {
  const parts = [greeting(user), ...content.paragraphs].map((p) => `<p>${escapeHtml(p)}</p>`);
  if (content.link) {
    const href = escapeHtml(content.link.href);
    parts.push(`<p><a href="${href}">${escapeHtml(content.link.label)}</a></p>`, `<p>${href}</p>`);
  }
  return `<!DOCTYPE html>\n<html><body>\n${parts.join('\n')}\n</body></html>\n`;
}

function text(content: Content, user: MailUser): string {
  const lines = [greeting(user), '', ...content.paragraphs.flatMap((p) => [p, ''])];
  if (content.link) lines.push(`${content.link.label}: ${content.link.href}`, '');
  return lines.join('\n');
}

function mails(content: Content, user: MailUser, settings: MailSettings): Mail[] {
  // Keys in the outbox's documented order.
  const mail = (to: string, subject: string): Mail => ({
    kind: content.kind,
    from: settings.from,
    to,
    bcc: [],
    subject,
    text: text(content, user),
    html: html(content, user),
    links: content.link ? [content.link.href] : [],
    ...(content.code !== undefined && { code: content.code }),
    ...(content.key !== undefined && { key: content.key }),
  });
  const sent = [mail(user.email, content.subject)];
  if (settings.bcc) sent.push(mail(settings.bcc, content.notification));
  return sent;
}

/** Signup's e-mail: the link the dashboard opens to call PUT /auth/verifyemail/{id}/{code}. */
export function verifyEmailMails(user: MailUser, code: string, settings: MailSettings): Mail[] {
  const subject = `[${settings.brandName}] Verify your email address`;
  return mails(
    {
      kind: 'verify-email',
      subject,
      notification: `${subject} ${user.email} - notification`,
      paragraphs: [
        `Your ${settings.brandName} account is almost ready.`,
        'Open the link below to confirm that this address is yours. It works for 15 minutes.',
      ],
      link: {
        href: `${settings.baseUrl}/#/verify/email/${user._id}/${code}`,
        label: 'Confirm my e-mail address',
      },
      code,
    },
    user,
    settings,
  );
}

/** PUT /auth/requestresetpsw's e-mail: the link to the dashboard's reset page. */
export function resetPasswordMails(user: MailUser, key: string, settings: MailSettings): Mail[] {
  const subject = `[${settings.brandName}] Password reset request`;
  return mails(
    {
      kind: 'reset-password',
      subject,
      notification: `${subject} - notification`,
      paragraphs: [
        `Someone asked to reset the password of your ${settings.brandName} account.`,
        'To choose a new one, open the link below. If it was not you, ignore this message: your password stays as it is.',
      ],
      link: {
        href: `${settings.baseUrl}/#/resetpassword/${key}`,
        label: 'Choose a new password',
      },
      key,
    },
    user,
    settings,
  );
}

/** PUT /auth/resetpsw's e-mail, once the new password is saved. */
export function passwordChangedMails(user: MailUser, settings: MailSettings): Mail[] {
  const subject = `[${settings.brandName}] Your password has been changed`;
  return mails(
    {
      kind: 'password-changed',
      subject,
      notification: `${subject} - notification`,
      paragraphs: [
        `The password of the ${settings.brandName} account ${user.email} has just been changed.`,
        'If you did this, there is nothing more to do. If you did not, contact your administrator at once.',
      ],
    },
    user,
    settings,
  );
}
