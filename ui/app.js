// The emulator's web UI: plain DOM code over the control API (spec/control.yaml), one module per
// tab or area; this one wires the tabs, the reset button and the control token, and starts.
import { reloadTables, setupSeed, setupTable } from './data.js';
import { restartJournal, setupJournal } from './journal.js';
import { $, api, failed, h, NAMESPACE_KEY, say, TOKEN_KEY } from './lib.js';
import { reloadOutbox, setupOutbox } from './outbox.js';
import { setupInspector, setupMinter } from './tokens.js';
import { loadOperations, reloadMore, setupMore } from './tools.js';

/** What a tab shows is read again when it is chosen: other clients change the emulator too. */
const ON_SELECT = {
  'tab-data': () => reloadTables(),
  'tab-outbox': () => reloadOutbox(),
  'tab-more': () => reloadMore(),
};

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

function setupReset() {
  $('reset').addEventListener('click', async () => {
    try {
      const { body } = await api('/reset', { method: 'POST', body: {} });
      say(
        `Reset: the fixtures are back, the journal and the outbox are empty, no fault is armed (${body.durationMs} ms).`,
        'ok',
      );
      reloadTables();
      reloadOutbox();
      reloadMore();
    } catch (error) {
      failed(error);
    }
  });
}

/** The namespaces made so far, offered in the namespace field. */
async function loadNamespaces() {
  try {
    const { body } = await api('/namespaces');
    $('namespace-names').replaceChildren(
      ...body.map((space) => h('option', { value: space.name })),
    );
  } catch (error) {
    failed(error);
  }
}

/** Everything the page shows, read again: for another control token or namespace. */
function reloadAll() {
  reloadTables();
  reloadOutbox();
  loadOperations();
  reloadMore();
  restartJournal();
  loadNamespaces();
}

/**
 * A header form that keeps one setting for this tab (sessionStorage; empty removes it), says
 * what it did, and reads every view again with it.
 */
function settingForm(formId, inputId, key, saying) {
  $(inputId).value = sessionStorage.getItem(key) ?? '';
  $(formId).addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $(inputId).value.trim();
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
    say(saying(value), 'ok');
    reloadAll();
  });
}

function setupSettings() {
  settingForm('token-form', 'control-token', TOKEN_KEY, (token) =>
    token ? 'Control token set for this tab.' : 'Control token removed.',
  );
  settingForm('namespace-form', 'namespace', NAMESPACE_KEY, (name) =>
    name
      ? `Showing namespace ${name}: its store, journal, faults and snapshots.`
      : "Showing the emulator's own state.",
  );
  loadNamespaces();
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
setupSettings();
for (const section of document.querySelectorAll('.table-view')) setupTable(section);
setupSeed();
setupReset();
setupMinter();
setupInspector();
setupMore();
setupJournal();
setupOutbox();
showVersion();
reloadTables();
reloadOutbox();
reloadMore();
