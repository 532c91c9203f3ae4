// The "more" tab, issue #17's control endpoints: faults, the clock, snapshots and coverage.
import { reloadTables } from './data.js';
import { $, actionButton, api, cell, failed, h, numberIn, report } from './lib.js';

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

export async function loadOperations() {
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
      `${body.invalidRequests} invalid request${body.invalidRequests === 1 ? '' : 's'} (422).`;
  } catch (error) {
    failed(error);
  }
}

export function setupMore() {
  setupFaults();
  setupClock();
  setupSnapshots();
  $('coverage-refresh').addEventListener('click', loadCoverage);
  loadOperations();
}

export function reloadMore() {
  loadFaults();
  loadClock();
  loadSnapshots();
  loadCoverage();
}
