// The emulator's web UI: plain DOM code over the control API (spec/control.yaml). Every call
// carries the control token, when the user gave one, as `Authorization: Bearer`; state-changing
// calls are sent as application/json, as the control API requires.

const API = '/__emulator';
const PAGE_SIZE = 20;
const TOKEN_KEY = 'tiledesk-auth-emulator.control-token';

const $ = (id) => document.getElementById(id);

// ---- helpers -----------------------------------------------------------------------------

/** An element with text and attributes; children are nodes or strings (never parsed as HTML). */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child);
  }
  return node;
}

function say(text, kind = 'info') {
  const status = $('status');
  status.textContent = text;
  status.dataset.kind = kind;
}

function controlToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function headers(extra = {}) {
  const token = controlToken();
  return token ? { ...extra, authorization: `Bearer ${token}` } : extra;
}

class ApiFailure extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** A control API call; the parsed JSON, or an ApiFailure with the control error's message. */
async function api(path, { method = 'GET', body } = {}) {
  const init = { method, headers: headers() };
  if (body !== undefined) {
    init.headers = headers({ 'content-type': 'application/json' });
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${API}${path}`, init);
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401) {
      say('The emulator wants its control token: paste it above and press Use.', 'error');
      $('control-token').focus();
    }
    throw new ApiFailure(res.status, parsed);
  }
  return { body: parsed, headers: res.headers };
}

function failed(error) {
  say(error instanceof Error ? error.message : String(error), 'error');
}

function json(value) {
  return JSON.stringify(value, null, 2);
}

// ---- tabs (WAI-ARIA tabs: arrow keys, Home and End move between them) -----------------------

function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute('aria-controls')).hidden = !selected;
    }
    ON_SELECT[tab.id]?.();
  };
  for (const [i, tab] of tabs.entries()) {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      const next = {
        ArrowRight: tabs[(i + 1) % tabs.length],
        ArrowLeft: tabs[(i - 1 + tabs.length) % tabs.length],
        Home: tabs[0],
        End: tabs[tabs.length - 1],
      }[event.key];
      if (!next) return;
      event.preventDefault();
      next.focus();
      select(next);
    });
  }
}

// ---- tables: server paging (?limit=&offset=, X-Total-Count); a search loads every page ------

const COLUMNS = {
  users: ['_id', 'email', 'firstname', 'lastname', 'emailverified', 'status'],
  projects: ['_id', 'name', 'status', 'hasJwtSecret', 'createdBy'],
  'project-users': ['_id', 'id_project', 'id_user', 'uuid_user', 'role', 'status'],
};
const tables = new Map();

async function allRecords(list) {
  const records = [];
  let path = `/${list}?limit=1000`;
  while (path) {
    const { body, headers: got } = await api(path);
    records.push(...body);
    const next = /<([^>]+)>;\s*rel="next"/.exec(got.get('link') ?? '');
    path = next ? next[1].replace(API, '') : undefined;
  }
  return records;
}

function cell(value) {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function setupTable(section) {
  const list = section.dataset.list;
  const title = section.querySelector('h2').textContent;
  const state = { offset: 0, query: '' };
  const search = h('input', {
    type: 'search',
    id: `${list}-search`,
    placeholder: 'any field',
  });
  const count = h('span', { class: 'muted', 'aria-live': 'polite', id: `${list}-count` });
  const prev = h('button', { type: 'button' }, 'Previous');
  const next = h('button', { type: 'button' }, 'Next');
  const head = h(
    'tr',
    {},
    COLUMNS[list].map((name) => h('th', { scope: 'col' }, name)),
  );
  const tbody = h('tbody');
  section.append(
    h(
      'div',
      { class: 'toolbar' },
      h('label', { for: search.id }, `Search ${title.toLowerCase()}`),
      search,
      count,
      prev,
      next,
    ),
    h(
      'div',
      { class: 'scroll' },
      h('table', {}, h('caption', { class: 'sr-only' }, title), h('thead', {}, head), tbody),
    ),
  );
  const render = (rows, total) => {
    tbody.replaceChildren(
      ...rows.map((row) =>
        h(
          'tr',
          {},
          COLUMNS[list].map((name) => h('td', {}, cell(row[name]))),
        ),
      ),
    );
    const first = total === 0 ? 0 : state.offset + 1;
    const last = state.offset + rows.length;
    count.textContent = `${first}–${last} of ${total}${state.query ? ' matching' : ''}`;
    prev.disabled = state.offset === 0;
    next.disabled = last >= total;
  };
  const load = async () => {
    try {
      if (state.query) {
        const needle = state.query.toLowerCase();
        const all = (await allRecords(list)).filter((row) =>
          JSON.stringify(row).toLowerCase().includes(needle),
        );
        render(all.slice(state.offset, state.offset + PAGE_SIZE), all.length);
      } else {
        const { body, headers: got } = await api(
          `/${list}?limit=${PAGE_SIZE}&offset=${state.offset}`,
        );
        render(body, Number(got.get('x-total-count') ?? body.length));
      }
    } catch (error) {
      failed(error);
    }
  };
  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.query = search.value.trim();
      state.offset = 0;
      load();
    }, 200);
  });
  prev.addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    load();
  });
  next.addEventListener('click', () => {
    state.offset += PAGE_SIZE;
    load();
  });
  tables.set(list, load);
}

function reloadTables() {
  for (const load of tables.values()) load();
  loadProjects();
}

/** What a tab shows is read again when it is chosen: other clients change the emulator too. */
const ON_SELECT = { 'tab-data': () => reloadTables(), 'tab-more': () => reloadMore() };

// ---- seed and reset ------------------------------------------------------------------------

function setupSeed() {
  $('seed-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const user = { email: $('seed-email').value, password: $('seed-password').value };
    for (const name of ['firstname', 'lastname']) {
      const value = $(`seed-${name}`).value.trim();
      if (value) user[name] = value;
    }
    if ($('seed-verified').checked) user.emailverified = true;
    const result = $('seed-result');
    try {
      const { body } = await api('/seed', { method: 'POST', body: { users: [user] } });
      result.textContent = `Added ${body.users[0].email} (${body.users[0]._id}).`;
      result.dataset.kind = 'ok';
      event.target.reset();
      reloadTables();
    } catch (error) {
      result.textContent = error.message;
      result.dataset.kind = 'error';
    }
  });
  $('reset').addEventListener('click', async () => {
    try {
      const { body } = await api('/reset', { method: 'POST', body: {} });
      say(
        `Reset: the fixtures are back, the journal is empty, no fault is armed (${body.durationMs} ms).`,
        'ok',
      );
      reloadTables();
      reloadMore();
    } catch (error) {
      failed(error);
    }
  });
}

// ---- the journal, live (server-sent events read with fetch, so the token can be sent) -------

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

async function followJournal() {
  for (;;) {
    try {
      const res = await fetch(`${API}/requests/stream`, { headers: headers() });
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
      streamState(`disconnected (${error.message}); retrying…`, 'error');
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function setupJournal() {
  $('journal-filter').addEventListener('input', (event) => {
    journal.filter = event.target.value.trim().toLowerCase();
    renderJournal();
  });
  $('journal-clear').addEventListener('click', () =>
    api('/requests', { method: 'DELETE' }).catch(failed),
  );
  followJournal();
}

// ---- tokens: the minter and the inspector -----------------------------------------------------

async function loadProjects() {
  try {
    const projects = await allRecords('projects');
    const select = $('mint-project');
    const chosen = select.value;
    select.replaceChildren(
      ...projects.map((project) =>
        h(
          'option',
          { value: project._id, disabled: !project.hasJwtSecret },
          `${project.name} (${project._id})${project.hasJwtSecret ? '' : ' — no jwtSecret'}`,
        ),
      ),
    );
    if (projects.some((project) => project._id === chosen)) select.value = chosen;
  } catch (error) {
    failed(error);
  }
}

function curlLine(token) {
  const url = `${location.origin}/auth/signinWithCustomToken`;
  return `curl -i -X POST '${url}' -H 'Authorization: ${token}'`;
}

function setupMinter() {
  $('mint-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    let claims;
    try {
      claims = JSON.parse($('mint-claims').value || '{}');
      if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
        throw new Error('the claims must be a JSON object');
      }
    } catch (error) {
      say(`Claims: ${error.message}`, 'error');
      $('mint-claims').focus();
      return;
    }
    const role = $('mint-role').value;
    if (role) claims.role = role;
    const body = { projectId: $('mint-project').value, claims };
    const expires = $('mint-expires').value;
    if (expires !== '') body.expiresIn = Number(expires);
    try {
      const { body: minted } = await api('/custom-tokens', { method: 'POST', body });
      $('mint-token').value = minted.token;
      $('mint-curl').value = curlLine(minted.token);
      $('mint-signin-result').textContent = '';
      $('mint-output').hidden = false;
      say('Token minted.', 'ok');
    } catch (error) {
      failed(error);
    }
  });
  $('mint-signin').addEventListener('click', async () => {
    const res = await fetch('/auth/signinWithCustomToken', {
      method: 'POST',
      headers: { authorization: $('mint-token').value },
    });
    const text = await res.text();
    const diagnostic = res.headers.get('x-emulator-diagnostic');
    $('mint-signin-result').textContent =
      `${res.status} ${text.slice(0, 400)}${diagnostic ? `\nDiagnostic: ${diagnostic}` : ''}`;
    reloadTables();
  });
  $('mint-inspect').addEventListener('click', () => {
    $('inspect-token').value = $('mint-token').value;
    $('inspect-form').requestSubmit();
    $('inspect-token').focus();
  });
}

function relative(iso, now) {
  const seconds = Math.round((Date.parse(iso) - Date.parse(now)) / 1000);
  const abs = Math.abs(seconds);
  const text =
    abs < 120
      ? `${abs} s`
      : abs < 7200
        ? `${Math.round(abs / 60)} min`
        : `${Math.round(abs / 3600)} h`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}

function inspection(result) {
  const verdict = result.verified
    ? h('p', { class: 'verdict ok' }, `Verified by ${result.verifiedBy}.`)
    : h('p', { class: 'verdict error' }, `Not verified: ${result.reason} (${result.code}).`);
  const warning =
    result.verified && result.reason
      ? h('p', { class: 'verdict error' }, `But: ${result.reason} (${result.code}).`)
      : null;
  const rows = Object.entries(result.times).map(([name, iso]) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, name),
      h('td', {}, new Date(iso).toLocaleString()),
      h('td', {}, iso),
      h('td', {}, relative(iso, result.now)),
    ),
  );
  return [
    verdict,
    warning,
    rows.length
      ? h(
          'table',
          { class: 'times' },
          h('caption', {}, `Times (the emulator's clock: ${result.now})`),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['claim', 'local time', 'UTC', 'relative'].map((name) =>
                h('th', { scope: 'col' }, name),
              ),
            ),
          ),
          h('tbody', {}, rows),
        )
      : null,
    h('h3', {}, 'Header'),
    h('pre', { id: 'inspect-header' }, json(result.header)),
    h('h3', {}, 'Claims'),
    h('pre', { id: 'inspect-claims' }, json(result.claims)),
  ];
}

function setupInspector() {
  $('inspect-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const output = $('inspect-output');
    try {
      const { body } = await api('/tokens/inspect', {
        method: 'POST',
        body: { token: $('inspect-token').value },
      });
      output.replaceChildren(...inspection(body).filter(Boolean));
    } catch (error) {
      output.replaceChildren(h('p', { class: 'verdict error' }, error.message));
    }
  });
}

// ---- faults, clock, snapshots, coverage (issue #17's control endpoints) -------------------

/** A card's own result line (aria-live), so a screen reader hears what an action did. */
function report(id, text, kind = 'ok') {
  const result = $(id);
  result.textContent = text;
  result.dataset.kind = kind;
}

/** A button that runs `action` and reports its failure in the card's result line. */
function actionButton(label, name, resultId, action) {
  const button = h('button', { type: 'button', 'aria-label': label }, name);
  button.addEventListener('click', () =>
    action().catch((error) => report(resultId, error.message, 'error')),
  );
  return button;
}

/** The number in an input, or undefined when it is empty. */
function numberIn(id) {
  const value = $(id).value.trim();
  return value === '' ? undefined : Number(value);
}

function faultAnswer(fault) {
  const parts = [];
  if (fault.status !== undefined) {
    parts.push(fault.example ? `${fault.status} (${fault.example})` : String(fault.status));
  }
  if (fault.fault) parts.push(fault.fault);
  if (fault.delayMs !== undefined) parts.push(`after ${fault.delayMs} ms`);
  return parts.join(', ');
}

async function loadFaults() {
  try {
    const { body } = await api('/faults');
    const rows = body.map((fault) =>
      h(
        'tr',
        {},
        h('td', {}, fault.id),
        h('td', {}, fault.operationId),
        h('td', {}, faultAnswer(fault)),
        h('td', {}, cell(fault.times)),
        h('td', {}, cell(fault.probability)),
        h('td', {}, String(fault.hits)),
        h(
          'td',
          { class: 'actions' },
          actionButton(`Clear fault ${fault.id}`, 'Clear', 'fault-result', async () => {
            await api(`/faults/${encodeURIComponent(fault.id)}`, { method: 'DELETE' });
            report('fault-result', `Fault ${fault.id} cleared.`);
            $('faults-clear-all').focus();
            await loadFaults();
          }),
        ),
      ),
    );
    const empty = h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No fault armed.'));
    $('faults-table').tBodies[0].replaceChildren(...(rows.length ? rows : [empty]));
  } catch (error) {
    failed(error);
  }
}

async function loadOperations() {
  try {
    const { body } = await api('/health');
    const select = $('fault-operation');
    const chosen = select.value;
    select.replaceChildren(...body.operations.map((name) => h('option', { value: name }, name)));
    if (body.operations.includes(chosen)) select.value = chosen;
    else if (body.operations.includes('signin')) select.value = 'signin';
  } catch (error) {
    failed(error);
  }
}

function faultRequest() {
  const fault = { operationId: $('fault-operation').value };
  const numbers = {
    status: 'fault-status',
    delayMs: 'fault-delay',
    times: 'fault-times',
    probability: 'fault-probability',
  };
  for (const [name, id] of Object.entries(numbers)) {
    const value = numberIn(id);
    if (value !== undefined) fault[name] = value;
  }
  const example = $('fault-example').value.trim();
  if (example) fault.example = example;
  if ($('fault-kind').value) fault.fault = $('fault-kind').value;
  return fault;
}

function setupFaults() {
  $('fault-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const { body } = await api('/faults', { method: 'POST', body: faultRequest() });
      report('fault-result', `Armed ${body.id}: ${body.operationId} ${faultAnswer(body)}.`);
      await loadFaults();
    } catch (error) {
      report('fault-result', error.message, 'error');
    }
  });
  $('faults-clear-all').addEventListener('click', async () => {
    try {
      await api('/faults', { method: 'DELETE' });
      report('fault-result', 'Every fault cleared.');
      await loadFaults();
    } catch (error) {
      report('fault-result', error.message, 'error');
    }
  });
}

function showClock(clock) {
  const now = new Date(clock.now);
  $('clock-now').replaceChildren(
    'Now: ',
    h('time', { datetime: clock.now }, now.toLocaleString()),
    ` (${clock.now}) — `,
    h(
      'strong',
      { id: 'clock-state', class: clock.frozen ? 'frozen' : '' },
      clock.frozen ? 'frozen' : 'running, real time',
    ),
  );
}

async function loadClock() {
  try {
    showClock((await api('/clock')).body);
  } catch (error) {
    failed(error);
  }
}

/** A clock call from one of the clock's forms or buttons, reported in its result line. */
async function changeClock(method, body, what) {
  try {
    const { body: clock } = await api('/clock', { method, body });
    showClock(clock);
    report('clock-result', `${what}: ${clock.now}.`);
  } catch (error) {
    report('clock-result', error.message, 'error');
  }
}

function setupClock() {
  $('clock-set-form').addEventListener('submit', (event) => {
    event.preventDefault();
    // datetime-local is the browser's local time, without a zone: Date reads it as local.
    const when = new Date($('clock-set').value);
    if (Number.isNaN(when.getTime())) {
      report('clock-result', 'Not a date and time.', 'error');
      return;
    }
    changeClock('PUT', { now: when.toISOString() }, 'Clock set');
  });
  $('clock-advance-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const seconds = numberIn('clock-advance') ?? 0;
    changeClock('PUT', { advanceMs: Math.round(seconds * 1000) }, `Advanced ${seconds} s`);
  });
  $('clock-release').addEventListener('click', () =>
    changeClock('DELETE', undefined, 'Back to real time'),
  );
}

async function loadSnapshots() {
  try {
    const { body } = await api('/snapshots');
    const rows = body.map((snapshot) => {
      const path = `/snapshots/${encodeURIComponent(snapshot.name)}`;
      return h(
        'tr',
        {},
        h('td', {}, snapshot.name),
        h(
          'td',
          {},
          h(
            'time',
            { datetime: snapshot.createdAt, title: snapshot.createdAt },
            new Date(snapshot.createdAt).toLocaleTimeString(),
          ),
        ),
        h('td', {}, String(snapshot.users)),
        h('td', {}, String(snapshot.projects)),
        h('td', {}, String(snapshot.project_users)),
        h(
          'td',
          { class: 'actions' },
          actionButton(
            `Restore snapshot ${snapshot.name}`,
            'Restore',
            'snapshot-result',
            async () => {
              await api(`${path}/restore`, { method: 'POST', body: {} });
              report('snapshot-result', `Restored ${snapshot.name}.`);
              reloadTables();
            },
          ),
          actionButton(`Drop snapshot ${snapshot.name}`, 'Drop', 'snapshot-result', async () => {
            await api(path, { method: 'DELETE' });
            report('snapshot-result', `Dropped ${snapshot.name}.`);
            $('snapshot-name').focus();
            await loadSnapshots();
          }),
        ),
      );
    });
    const empty = h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No snapshot saved.'));
    $('snapshots-table').tBodies[0].replaceChildren(...(rows.length ? rows : [empty]));
  } catch (error) {
    failed(error);
  }
}

function setupSnapshots() {
  $('snapshot-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = $('snapshot-name').value.trim();
    try {
      const { body } = await api('/snapshots', { method: 'POST', body: { name } });
      report(
        'snapshot-result',
        `Saved ${body.name}: ${body.users} users, ${body.projects} projects, ${body.project_users} project users.`,
      );
      await loadSnapshots();
    } catch (error) {
      report('snapshot-result', error.message, 'error');
    }
  });
}

/** One row per operation, one column per status any operation declares; blank: not declared. */
function coverageRows(operations) {
  const statuses = [
    ...new Set(operations.flatMap((op) => op.statuses.map((s) => s.status))),
  ].sort();
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'operation'),
    statuses.map((status) => h('th', { scope: 'col' }, status)),
  );
  const rows = operations.map((op) => {
    const counts = new Map(op.statuses.map((s) => [s.status, s]));
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, op.operationId),
      statuses.map((status) => {
        const entry = counts.get(status);
        if (!entry) {
          return h(
            'td',
            { class: 'undeclared', title: 'not declared' },
            h('span', { 'aria-hidden': 'true' }, '—'),
            h('span', { class: 'sr-only' }, 'not declared'),
          );
        }
        const examples = Object.entries(entry.examples ?? {})
          .map(([name, count]) => `${name}: ${count}`)
          .join(', ');
        return h(
          'td',
          { class: entry.count === 0 ? 'uncovered' : 'covered', title: examples || undefined },
          String(entry.count),
        );
      }),
    );
  });
  return { head, rows };
}

async function loadCoverage() {
  try {
    const { body } = await api('/coverage');
    const { head, rows } = coverageRows(body.operations);
    const table = $('coverage-table');
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren(...rows);
    $('coverage-summary').textContent =
      `${body.covered} of ${body.declared} declared statuses answered (${body.percent}%); ` +
      `${body.invalidRequests} invalid requests (422).`;
  } catch (error) {
    failed(error);
  }
}

function setupMore() {
  setupFaults();
  setupClock();
  setupSnapshots();
  $('coverage-refresh').addEventListener('click', loadCoverage);
  loadOperations();
}

function reloadMore() {
  loadFaults();
  loadClock();
  loadSnapshots();
  loadCoverage();
}

// ---- start ---------------------------------------------------------------------------------

function setupControlToken() {
  $('control-token').value = controlToken();
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('control-token').value.trim();
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    say(token ? 'Control token set for this tab.' : 'Control token removed.', 'ok');
    reloadTables();
    loadOperations();
    reloadMore();
  });
}

async function showVersion() {
  try {
    const { body } = await api('/health');
    $('version').textContent = `${body.version} · Tiledesk ${body.tiledeskVersion}`;
  } catch (error) {
    failed(error);
  }
}

setupTabs();
setupControlToken();
for (const section of document.querySelectorAll('.table-view')) setupTable(section);
setupSeed();
setupMinter();
setupInspector();
setupMore();
setupJournal();
showVersion();
reloadTables();
reloadMore();
