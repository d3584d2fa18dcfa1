// The volunteer's page: my runs, the doors (room, masked phone), pick up, confirm each handoff with the resident's
// code or mark it failed, and go on or off duty.
import { api, changed, el, every, header, problem, say, session, statusName, t } from '/ui/doorstep.js';

const me = session();
let onDuty = null;
// What the volunteer is typing survives the page refreshing itself.
const typed = {};

async function refreshDuty() {
  const r = await api('volunteer', '/api/volunteers/' + me.subject);
  if (!r.ok) { say('duty-message', problem(r), 'error'); return; }
  onDuty = r.body.onDuty;
  document.getElementById('duty-state').textContent = onDuty ? t('on.duty') : t('off.duty');
  document.getElementById('duty').textContent = onDuty ? t('go.off') : t('go.on');
}

async function toggleDuty() {
  const r = await api('volunteer', '/api/volunteers/' + me.subject + '/duty', { method: 'PUT', body: { onDuty: !onDuty } });
  say('duty-message', r.ok ? t('saved') : problem(r), r.ok ? 'ok' : 'error');
  refreshDuty();
}

function stop(run, o) {
  const card = el('div', { class: 'card stop', 'data-order': o.orderId, 'data-status': o.status },
    el('strong', {}, '#' + o.orderId), ' ', el('span', { class: 'badge' }, statusName(o.status)),
    o.room ? el('div', {}, t('room') + ' ' + o.room + ' · ' + (o.contactName || '')) : null,
    o.phone ? el('div', { class: 'phone' }, t('phone') + ' ' + o.phone) : null);
  if (run.status === 'PICKED_UP' && o.status === 'PICKED_UP') {
    const codeId = 'code-' + o.orderId, whyId = 'why-' + o.orderId;
    const code = el('input', { id: codeId, class: 'handoff-code', inputmode: 'numeric', maxlength: 6,
      autocomplete: 'off', value: typed[codeId] || '', oninput: e => { typed[codeId] = e.target.value; } });
    const why = el('select', { id: whyId },
      ['NOBODY', 'ADDRESS', 'REFUSED'].map(k => el('option', { value: t('why.' + k) }, t('why.' + k))));
    card.append(
      el('label', { for: codeId }, t('code')), code,
      el('p', {}, el('button', { type: 'button', class: 'confirm', onclick: async () => {
        const r = await api('dispatch', '/api/runs/' + run.id + '/handoffs', { method: 'POST',
          body: { orderId: o.orderId, code: code.value.trim() } });
        say('message', r.ok ? t('delivered') : problem(r), r.ok ? 'ok' : 'error');
        if (r.ok) delete typed[codeId];
        refresh();
      } }, t('confirm'))),
      el('label', { for: whyId }, t('failed')), why,
      el('p', {}, el('button', { type: 'button', class: 'danger mark-failed', onclick: async () => {
        const r = await api('dispatch', '/api/runs/' + run.id + '/handoffs', { method: 'POST',
          body: { orderId: o.orderId, failed: true, reason: why.value } });
        say('message', r.ok ? t('saved') : problem(r), r.ok ? 'ok' : 'error');
        refresh();
      } }, t('mark.failed'))));
  }
  return card;
}

async function refresh() {
  const r = await api('dispatch', '/api/runs?volunteerId=' + me.subject);
  const box = document.getElementById('runs');
  if (!r.ok) { say(box, problem(r), 'error'); changed('runs', null); return; }
  if (!changed('runs', r.body)) return;
  const focused = document.activeElement && document.activeElement.id;
  box.innerHTML = '';
  const runs = r.body.filter(run => run.status !== 'DONE').concat(r.body.filter(run => run.status === 'DONE').slice(0, 3));
  if (!runs.length) box.append(t('no.runs'));
  for (const run of runs) {
    const card = el('article', { class: 'card run', 'data-run': run.id, 'data-status': run.status },
      el('h3', {}, '#' + run.id + ' · ' + statusName(run.status)));
    if (run.status === 'ASSIGNED') {
      card.append(el('button', { type: 'button', class: 'pickup', onclick: async () => {
        const p = await api('dispatch', '/api/runs/' + run.id + '/pickup', { method: 'POST' });
        say('message', p.ok ? t('saved') : problem(p), p.ok ? 'ok' : 'error');
        refresh();
      } }, t('pickup')));
    }
    run.orders.filter(o => o.status !== 'REMOVED').forEach(o => card.append(stop(run, o)));
    box.append(card);
  }
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
}

if (me) {
  header('volunteer.title', () => { refreshDuty(); refresh(); });
  document.getElementById('duty').addEventListener('click', toggleDuty);
  refreshDuty();
  every(4, refresh);
}
