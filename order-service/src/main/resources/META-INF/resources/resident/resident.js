// The resident's page (what the mini-program shows): order for the household, follow each order, cancel before pickup.
import { api, changed, el, every, header, problem, say, session, statusName, t, time } from '/ui/doorstep.js';

const CANCELLABLE = ['PLACED', 'QUEUED', 'ASSIGNED', 'SELF_COLLECTION'];
let lines = 0;
// One Idempotency-Key per order draft: a retry of the same draft (after an error or an answer that never came) is
// the same request to order-service, which answers it with the first order instead of making a second one. A new key
// only once the order is placed or the draft changes.
let draft = null;
let placing = false;

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map(b => b.toString(16).padStart(2, '0')).join('');
}

function keyFor(body) {
  const text = JSON.stringify(body);
  if (!draft || draft.text !== text) draft = { text, key: newKey() };
  return draft.key;
}

function addItem() {
  lines++;
  document.getElementById('items').append(el('div', { class: 'row item-line' },
    el('div', {}, el('label', { for: 'item-' + lines, 'data-t': 'item' }),
      el('input', { id: 'item-' + lines, class: 'item-name', required: true, maxlength: 100 })),
    el('div', {}, el('label', { for: 'qty-' + lines, 'data-t': 'quantity' }),
      el('input', { id: 'qty-' + lines, class: 'item-qty', type: 'number', min: 1, max: 99, value: 1, required: true }))));
}

function categoryChanged() {
  const category = document.getElementById('category').value;
  document.getElementById('urgent-box').hidden = category !== 'MEDICINE';
  document.getElementById('window-box').hidden = category !== 'MEAL';
}

async function loadHouseholds() {
  const r = await api('order', '/api/households');
  const select = document.getElementById('household');
  select.innerHTML = '';
  if (!r.ok || r.body.length === 0) {
    select.append(el('option', { value: '' }, t('no.households')));
    return;
  }
  for (const h of r.body) select.append(el('option', { value: h.id }, h.contactName + ' · ' + h.room));
}

async function placeOrder(event) {
  event.preventDefault();
  if (placing) return; // a second tap while the first is on its way
  const household = Number(document.getElementById('household').value);
  const category = document.getElementById('category').value;
  const items = [...document.querySelectorAll('.item-line')].map(line => ({
    name: line.querySelector('.item-name').value.trim(), quantity: Number(line.querySelector('.item-qty').value)
  })).filter(i => i.name);
  const body = { householdId: household, category, items, urgent: category === 'MEDICINE'
      && document.getElementById('urgent').checked, note: document.getElementById('note').value || null };
  if (category === 'MEAL') {
    const from = document.getElementById('window-from').value, to = document.getElementById('window-to').value;
    body.deliveryWindow = { from: from && new Date(from).toISOString(), to: to && new Date(to).toISOString() };
  }
  const button = document.getElementById('place');
  placing = true;
  button.disabled = true;
  let r;
  try {
    r = await api('order', '/api/orders', { method: 'POST', body, headers: { 'Idempotency-Key': keyFor(body) } });
  } catch (lost) {
    r = null; // no answer (network down, connection cut): the order may or may not be in; the same key tells
  } finally {
    placing = false;
    button.disabled = false;
  }
  if (r && r.ok) {
    draft = null;
    say('order-message', t('placed'));
    document.getElementById('order-form').reset();
    categoryChanged();
    refresh();
  } else {
    say('order-message', r ? problem(r) : t('not.sent'), 'error');
  }
}

function orderCard(o) {
  const card = el('article', { class: 'card order', 'data-order': o.id, 'data-status': o.status },
    el('div', { class: 'row' },
      el('strong', {}, '#' + o.id + ' ' + t('cat.' + o.category)),
      o.urgent ? el('span', { class: 'badge urgent' }, t('urgent.count')) : null,
      el('span', { class: 'badge order-status' }, statusName(o.status))),
    el('div', { class: 'muted' }, o.items.map(i => i.name + ' × ' + i.quantity).join(', ')));
  if (o.handoffCode && !['DELIVERED', 'CANCELLED', 'FAILED'].includes(o.status)) {
    card.append(el('div', {}, el('div', { 'data-t': 'handoff.code' }), el('div', { class: 'code handoff-code' }, o.handoffCode)));
  }
  card.append(el('ol', { class: 'history' }, o.history.map(h =>
    el('li', {}, statusName(h.status) + ' · ' + time(h.at) + (h.note ? ' · ' + h.note : '')))));
  if (CANCELLABLE.includes(o.status)) {
    card.append(el('button', { type: 'button', class: 'danger cancel', 'data-t': 'cancel', onclick: async () => {
      const r = await api('order', '/api/orders/' + o.id + '/cancel', { method: 'POST' });
      if (!r.ok) alert(problem(r));
      refresh();
    } }));
  }
  return card;
}

async function refresh() {
  const household = document.getElementById('household').value;
  const box = document.getElementById('orders');
  if (!household) { box.textContent = t('no.orders'); changed('orders', null); return; }
  const r = await api('order', '/api/orders?householdId=' + household);
  if (!r.ok) { say(box, problem(r), 'error'); changed('orders', null); return; }
  if (!changed('orders', { household, orders: r.body })) return;
  box.innerHTML = '';
  if (r.body.length === 0) box.append(t('no.orders'));
  r.body.forEach(o => box.append(orderCard(o)));
}

if (session()) {
  header('resident.title', refresh);
  addItem();
  categoryChanged();
  document.getElementById('add-item').addEventListener('click', () => { addItem(); });
  document.getElementById('category').addEventListener('change', categoryChanged);
  document.getElementById('order-form').addEventListener('submit', placeOrder);
  document.getElementById('household').addEventListener('change', refresh);
  await loadHouseholds();
  every(3, refresh);
}
