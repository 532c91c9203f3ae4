// The journal, live: server-sent events read with fetch, so that the control token can be sent.
import { $, API, ApiFailure, api, failed, h, headers, json } from './lib.js';

const journal = { entries: [], filter: '' };

function statusClass(status) {
  if (status >= 500) return 's5';
  if (status >= 400) return 's4';
  return 's2';
}

function entryText(entry) {
  return `${entry.method} ${entry.path} ${entry.status} ${entry.operationId} ${entry.diagnostic ?? ''}`.toLowerCase();
}

function entryNode(entry) {
  const details = h(
    'details',
    {},
    h(
      'summary',
      {},
      h('span', { class: `code ${statusClass(entry.status)}` }, String(entry.status)),
      h('span', { class: 'method' }, entry.method),
      h('span', { class: 'path' }, entry.path),
      h('span', { class: 'muted' }, entry.operationId),
      h(
        'time',
        { class: 'muted', datetime: entry.time },
        `${new Date(entry.time).toLocaleTimeString()} · ${entry.durationMs} ms`,
      ),
    ),
    entry.diagnostic ? h('p', { class: 'diagnostic' }, `Diagnostic: ${entry.diagnostic}`) : null,
    entry.body === undefined
      ? h('p', { class: 'muted' }, 'No body.')
      : h('pre', {}, entry.bodyTruncated ? `${entry.body} (truncated)` : json(entry.body)),
  );
  // The diagnostic shows without opening the entry: it is why the request failed.
  return h(
    'li',
    { class: 'entry' },
    details,
    entry.diagnostic ? h('p', { class: 'diagnostic short' }, entry.diagnostic) : null,
  );
}

function showEntry(entry) {
  journal.entries.push(entry);
  $('request-count').textContent = String(journal.entries.length);
  if (journal.filter && !entryText(entry).includes(journal.filter)) return;
  $('journal').prepend(entryNode(entry));
}

function renderJournal() {
  $('request-count').textContent = String(journal.entries.length);
  const shown = journal.entries.filter(
    (entry) => !journal.filter || entryText(entry).includes(journal.filter),
  );
  $('journal').replaceChildren(...shown.reverse().map(entryNode));
}

function streamState(text, kind) {
  const state = $('stream-state');
  state.textContent = text;
  state.dataset.kind = kind;
}

/** Parses `event:`/`data:` blocks; comments (heartbeats) are skipped. */
function onBlock(block) {
  let name = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trimStart();
  }
  if (name === 'request') showEntry(JSON.parse(data));
  else if (name === 'cleared') {
    journal.entries = [];
    renderJournal();
  }
}

/** Aborts the stream being read, so that the loop connects again (to another namespace). */
let stop = new AbortController();

export function restartJournal() {
  stop.abort();
}

async function followJournal() {
  for (;;) {
    const signal = stop.signal;
    try {
      const res = await fetch(`${API}/requests/stream`, { headers: headers(), signal });
      if (!res.ok) throw new ApiFailure(res.status, await res.json().catch(() => undefined));
      // The stream starts with the journal's entries: start from nothing.
      journal.entries = [];
      renderJournal();
      streamState('live', 'ok');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          onBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      }
      streamState('disconnected; retrying…', 'error');
    } catch (error) {
      if (signal.aborted) {
        stop = new AbortController();
        continue;
      }
      streamState(`disconnected (${error.message}); retrying…`, 'error');
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

export function setupJournal() {
  $('journal-filter').addEventListener('input', (event) => {
    journal.filter = event.target.value.trim().toLowerCase();
    renderJournal();
  });
  $('journal-clear').addEventListener('click', () =>
    api('/requests', { method: 'DELETE' }).catch(failed),
  );
  followJournal();
}
