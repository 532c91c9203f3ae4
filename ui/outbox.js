// The Outbox tab: the e-mails the emulator "sent" (GET /__emulator/outbox), newest first, each
// with its sender, recipients, subject, links and code or key, and its text. The HTML body is
// never rendered: the text says the same, and the page runs no markup it did not make.
import { $, api, failed, h, report } from './lib.js';

function field(name, ...value) {
  return [h('dt', {}, name), h('dd', {}, ...value)];
}

function mailItem(mail) {
  const summary = h(
    'summary',
    {},
    h('span', { class: 'code' }, `#${mail.seq}`),
    ` ${mail.kind} → ${mail.to}: `,
    h('strong', {}, mail.subject),
  );
  const facts = h(
    'dl',
    { class: 'facts' },
    ...field('Sent', new Date(mail.at).toLocaleString()),
    ...field('From', mail.from),
    ...field('To', mail.to),
    ...(mail.bcc.length > 0 ? field('BCC', mail.bcc.join(', ')) : []),
    ...(mail.code === undefined ? [] : field('Code', h('code', {}, mail.code))),
    ...(mail.key === undefined ? [] : field('Reset key', h('code', {}, mail.key))),
    ...(mail.links.length === 0
      ? []
      : field(
          'Links',
          h(
            'ul',
            {},
            mail.links.map((link) =>
              h('li', {}, h('a', { href: link, target: '_blank', rel: 'noopener' }, link)),
            ),
          ),
        )),
  );
  return h(
    'li',
    { class: 'entry mail', 'data-seq': mail.seq },
    h('details', {}, summary, facts, h('pre', { 'aria-label': 'Text' }, mail.text)),
  );
}

/** Reads the outbox again (filtered by the To field) and shows it, newest first. */
export async function reloadOutbox() {
  try {
    const to = $('outbox-to').value.trim();
    const { body } = await api(`/outbox${to ? `?to=${encodeURIComponent(to)}` : ''}`);
    $('outbox-count').textContent = String(body.length);
    $('outbox').replaceChildren(...body.toReversed().map(mailItem));
  } catch (error) {
    failed(error);
  }
}

export function setupOutbox() {
  $('outbox-form').addEventListener('submit', (event) => {
    event.preventDefault();
    reloadOutbox();
  });
  $('outbox-clear').addEventListener('click', async () => {
    try {
      await api('/outbox', { method: 'DELETE' });
      report('outbox-result', 'The outbox is empty.');
      reloadOutbox();
    } catch (error) {
      report('outbox-result', error.message, 'error');
    }
  });
}
