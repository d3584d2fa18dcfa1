// The grid worker's console: the board, alerts, the queue and assignment, runs, status changes, bulk distributions,
// orders for households without a phone, and the daily brief. It refreshes itself every few seconds.
import { api, changed, el, every, header, minutes, problem, say, session, statusName, t, time } from '/ui/doorstep.js';

let grid = null;
let building = null;
let tiles = [];
let assigning = null;
let chart = null;

function gridsOfSession() {
  const me = session();
  return me.grids && me.grids.length ? me.grids : [];
}

async function refreshBoard() {
  const r = await api('dispatch', '/api/grids/' + grid + '/board');
  const box = document.getElementById('board');
  if (!r.ok) { say(box, problem(r), 'error'); return; }
  tiles = r.body;
  box.innerHTML = '';
  for (const tile of tiles) {
    box.append(el('button', { type: 'button', class: 'tile status-' + tile.status + (tile.buildingId === building ? ' selected' : ''),
      'data-building': tile.buildingId, 'data-status': tile.status, 'aria-pressed': tile.buildingId === building,
      onclick: () => { building = tile.buildingId; refreshAll(); } },
      el('strong', {}, tile.name), el('span', { class: 'tile-status' }, statusName(tile.status)), el('br'),
      tile.queued + ' ' + t('queued') + ' · ' + tile.urgent + ' ' + t('urgent.count'), el('br'),
      tile.oldestWaitSeconds == null ? '' : t('oldest') + ' ' + minutes(tile.oldestWaitSeconds),
      tile.coverageGap ? el('div', {}, '⚠ ' + t('gap')) : null));
  }
  if (!building && tiles.length) building = tiles[0].buildingId;
  const chosen = tiles.find(x => x.buildingId === building);
  document.getElementById('selected-building').textContent = chosen
    ? chosen.name + ' · ' + statusName(chosen.status) : t('choose.building');
  const boxes = document.getElementById('distribution-buildings');
  if (boxes.childElementCount !== tiles.length) {
    boxes.innerHTML = '';
    tiles.forEach(x => boxes.append(el('label', {}, el('input', { type: 'checkbox', value: x.buildingId,
      class: 'distribution-building' }), x.name)));
  }
}

async function refreshAlerts() {
  const r = await api('dispatch', '/api/grids/' + grid + '/alerts');
  const box = document.getElementById('alerts');
  box.innerHTML = '';
  if (!r.ok) { box.append(el('li', {}, problem(r))); return; }
  if (!r.body.length) box.append(el('li', { class: 'muted' }, t('no.alerts')));
  r.body.forEach(a => box.append(el('li', { class: 'alert', 'data-type': a.type }, el('strong', {}, a.type), ' ', a.detail)));
}

async function refreshQueue() {
  const r = await api('dispatch', '/api/grids/' + grid + '/queue');
  const box = document.getElementById('queue');
  if (!r.ok) { say(box, problem(r), 'error'); return; }
  box.innerHTML = '';
  if (!r.body.length) { box.append(t('no.queue')); return; }
  const rows = r.body.map((o, i) => el('tr', { class: 'queued-order', 'data-order': o.orderId },
    el('td', {}, String(i + 1)),
    el('td', {}, '#' + o.orderId, ' ', o.urgent ? el('span', { class: 'badge urgent' }, t('urgent.count')) : null,
      o.vulnerable ? el('span', { class: 'badge' }, '♥') : null),
    el('td', {}, t('cat.' + o.category)),
    el('td', {}, minutes(o.waitingSeconds)),
    el('td', {}, el('button', { type: 'button', class: 'assign', 'data-order': o.orderId,
      onclick: () => openAssign(o) }, t('assign')))));
  box.append(el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, t('priority')), el('th', {}, '#'),
    el('th', {}, t('category')), el('th', {}, t('waiting')), el('th', {}, ''))), el('tbody', {}, rows)));
}

/** Opens the choice of volunteer for a queued order (a new run) or for an unstarted run (re-assignment). */
async function openAssign(target) {
  assigning = target;
  document.getElementById('assign-panel').hidden = false;
  document.getElementById('assign-order').textContent = target.run ? t('runs') + ' #' + target.run.id
    : '#' + target.orderId;
  const r = await api('dispatch', '/api/buildings/' + target.buildingId + '/volunteers');
  const box = document.getElementById('candidates');
  box.innerHTML = '';
  if (!r.ok) { say(box, problem(r), 'error'); return; }
  r.body.forEach(c => box.append(el('label', { class: 'candidate' + (c.eligible ? '' : ' ineligible') },
    el('input', { type: 'radio', name: 'candidate', value: c.volunteerId, 'data-eligible': c.eligible }),
    c.name + ' (' + c.load + '/' + c.capacity + ')',
    c.eligible ? null : el('span', { class: 'why' }, ' — ' + c.reasons.join(', ')))));
  document.getElementById('override').value = '';
  document.getElementById('assign-panel').scrollIntoView({ block: 'nearest' });
}

async function makeRun() {
  const chosen = document.querySelector('input[name=candidate]:checked');
  if (!chosen || !assigning) return;
  const override = document.getElementById('override').value.trim();
  const volunteerId = Number(chosen.value);
  const r = assigning.run
    ? await api('dispatch', '/api/runs/' + assigning.run.id + '/assign', { method: 'POST',
        body: override ? { volunteerId, override } : { volunteerId } })
    : await api('dispatch', '/api/runs', { method: 'POST', body: Object.assign({ buildingId: assigning.buildingId,
        orderIds: [assigning.orderId], volunteerId }, override ? { override } : {}) });
  if (r.ok) {
    say('assign-message', t('saved'));
    document.getElementById('assign-panel').hidden = true;
    assigning = null;
    refreshAll();
  } else {
    say('assign-message', problem(r), 'error');
  }
}

async function refreshRuns() {
  const box = document.getElementById('runs');
  if (!building) { box.textContent = t('choose.building'); return; }
  const r = await api('dispatch', '/api/runs?buildingId=' + building);
  if (!r.ok) { say(box, problem(r), 'error'); changed('runs', null); return; }
  if (!changed('runs', { building, runs: r.body })) return;
  box.innerHTML = '';
  const open = r.body.filter(run => run.status !== 'DONE').concat(r.body.filter(run => run.status === 'DONE').slice(0, 5));
  if (!open.length) { box.append(t('no.runs')); return; }
  for (const run of open) {
    const card = el('div', { class: 'card run', 'data-run': run.id, 'data-status': run.status },
      el('strong', {}, '#' + run.id), ' ', el('span', { class: 'badge' }, statusName(run.status)), ' ',
      t('volunteer') + ' ' + run.volunteerId, ' · ',
      run.orders.map(o => '#' + o.orderId + ' ' + statusName(o.status) + (o.handoffLocked ? ' 🔒' : '')).join(', '));
    if (run.status === 'ASSIGNED') {
      card.append(el('p', {}, el('button', { type: 'button', class: 'secondary reassign', 'data-run': run.id,
        onclick: () => openAssign({ run, buildingId: run.buildingId }) }, t('reassign') + '…')));
    }
    run.orders.filter(o => o.handoffLocked).forEach(o => card.append(el('button', { type: 'button', class: 'secondary',
      onclick: async () => { await api('dispatch', '/api/runs/' + run.id + '/handoffs/' + o.orderId + '/unlock',
        { method: 'POST' }); refreshAll(); } }, '🔓 #' + o.orderId)));
    box.append(card);
  }
}

async function refreshHouseholds() {
  if (!building) return;
  const r = await api('order', '/api/households?buildingId=' + building);
  const select = document.getElementById('behalf-household');
  const current = select.value;
  select.innerHTML = '';
  if (!r.ok) return;
  r.body.forEach(h => select.append(el('option', { value: h.id }, h.room + ' · ' + h.contactName
    + (h.phone ? '' : ' (☎ ✗)'))));
  if (current) select.value = current;
}

async function refreshBrief() {
  const r = await api('dispatch', '/api/brief?gridId=' + grid);
  if (!r.ok) return;
  const b = r.body;
  document.getElementById('brief-counts').textContent = [['placed', b.total.placed], ['DELIVERED', b.total.delivered],
    ['pending', b.total.pending], ['overdue', b.total.overdue], ['FAILED', b.total.failed]]
    .map(([k, v]) => (statusName(k) === k ? k : statusName(k)) + ' ' + v).join(' · ');
  if (!window.Chart) return;
  const hours = Object.keys(b.placedByHour || {}).sort((a, c) => a - c);
  const categories = ['FOOD', 'MEDICINE', 'MEAL'];
  const data = { labels: hours.map(h => h + ':00'), datasets: categories.map((c, i) => ({ label: t('cat.' + c),
    data: hours.map(h => (b.placedByHour[h] || {})[c] || 0), backgroundColor: ['#0b5cad', '#a00000', '#1e6b34'][i] })) };
  if (chart) { chart.data = data; chart.update('none'); return; }
  chart = new Chart(document.getElementById('brief-chart'), { type: 'bar', data,
    options: { animation: false, responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } } });
}

let householdsOf = null;

// A grid worker's alerts also go to their WeChat once they bind it: a one-time code here, entered in the
// mini-program (网格员：接收提醒). Their messages, sent or not and why, are listed here too.
const isGridWorker = () => session().role === 'GRID_WORKER';

async function bindingCode() {
  const r = await api('dispatch', '/api/grid-workers/wechat-binding', { method: 'POST' });
  say('binding-message', r.ok ? t('binding.code') + ' ' + r.body.code + ' · ' + t('binding.until') + ' '
    + time(r.body.expiresAt) + '. ' + t('binding.hint') : problem(r), r.ok ? 'ok' : 'error');
}

async function refreshMessages() {
  if (!isGridWorker()) return;
  const r = await api('dispatch', '/api/me/notifications');
  const box = document.getElementById('my-messages');
  box.innerHTML = '';
  if (!r.ok) { box.append(el('li', {}, problem(r))); return; }
  if (!r.body.length) box.append(el('li', { class: 'muted' }, t('no.messages')));
  r.body.slice(0, 20).forEach(m => box.append(el('li', { class: 'my-message', 'data-kind': m.kind, 'data-sent': m.sent },
    el('strong', {}, m.kind), ' ', t('building') + ' ' + m.buildingId, m.orderId ? ' · #' + m.orderId : '', ' · ',
    time(m.at), ' · ', m.sent ? t('sent.by') + ' ' + m.channel : t('not.sent.why') + ' ' + (m.reason || ''))));
}

async function refreshAll() {
  if (!grid) return;
  await refreshBoard();
  await Promise.all([refreshAlerts(), refreshQueue(), refreshRuns(), refreshBrief(), refreshMessages()]);
  if (householdsOf !== building) {
    householdsOf = building;
    await refreshHouseholds();
  }
}

async function changeStatus(event) {
  event.preventDefault();
  if (!building) return;
  const r = await api('dispatch', '/api/buildings/' + building + '/status', { method: 'PUT',
    body: { status: document.getElementById('new-status').value, reason: document.getElementById('status-reason').value } });
  say('status-message', r.ok ? t('saved') : problem(r), r.ok ? 'ok' : 'error');
  refreshAll();
}

async function enterOrder(event) {
  event.preventDefault();
  const body = { householdId: Number(document.getElementById('behalf-household').value),
    category: document.getElementById('behalf-category').value, channel: 'HOTLINE',
    items: [{ name: document.getElementById('behalf-item').value, quantity: 1 }],
    urgent: document.getElementById('behalf-urgent').checked };
  const r = await api('order', '/api/orders', { method: 'POST', body });
  say('behalf-message', r.ok ? t('placed') + ' #' + r.body.id + ' · ' + t('handoff.code') + ': ' + (r.body.handoffCode || '')
    : problem(r), r.ok ? 'ok' : 'error');
}

async function startDistribution(event) {
  event.preventDefault();
  const buildingIds = [...document.querySelectorAll('.distribution-building:checked')].map(x => Number(x.value));
  const r = await api('dispatch', '/api/distributions', { method: 'POST', body: {
    name: document.getElementById('distribution-name').value, buildingIds,
    items: [{ name: document.getElementById('distribution-item').value, quantity: 1 }] } });
  say('distribution-message', r.ok ? t('saved') : problem(r), r.ok ? 'ok' : 'error');
}

if (session()) {
  header('console.title', refreshAll);
  const select = document.getElementById('grid');
  const grids = gridsOfSession();
  const choices = grids.length ? grids : [Number(new URLSearchParams(location.search).get('grid') || 1)];
  choices.forEach(g => select.append(el('option', { value: g }, t('grid') + ' ' + g)));
  grid = choices[0];
  select.addEventListener('change', () => { grid = Number(select.value); building = null; refreshAll(); });
  document.getElementById('make-run').addEventListener('click', makeRun);
  document.getElementById('wechat').hidden = !isGridWorker();
  document.getElementById('binding-code').addEventListener('click', bindingCode);
  document.getElementById('status-form').addEventListener('submit', changeStatus);
  document.getElementById('behalf-form').addEventListener('submit', enterOrder);
  document.getElementById('distribution-form').addEventListener('submit', startDistribution);
  every(3, refreshAll);
}
