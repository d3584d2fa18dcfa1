// Driven by system-test's MiniProgramSystemTest against the real services: the mini-program's own API module and
// outbox, with WeChat's client played over real HTTP. A resident signs in with WeChat, registers a household in the
// given compound's sealed building, orders urgent medicine (twice with the same key: one order); the volunteer picks
// up and confirms the handoff without signal, and it lands when the signal returns; the resident sees it delivered.
// The resident moves to another room once the order is assigned, and the volunteer's stop follows; the volunteer
// signs in with WeChat and the binding code their grid worker gave them.
// In: ORDER_URL, DISPATCH_URL, VOLUNTEER_URL, COMPOUND_NAME, VOLUNTEER_ID, BINDING_CODE, WECHAT_USER.
// Out: one JSON line.
const assert = require('node:assert/strict');
const { wxOverHttp } = require('./wx-over-http.js');

global.wx = wxOverHttp(process.env.WECHAT_USER);
const api = require('../../utils/api.js');
const outbox = require('../../utils/outbox.js');

api.configure({
  services: { order: process.env.ORDER_URL, dispatch: process.env.DISPATCH_URL, volunteer: process.env.VOLUNTEER_URL },
  signedOut: () => { throw new Error('signed out unexpectedly'); }
});

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Asks until the answer is what is wanted: what one service did reaches the others through events. */
async function until(what, ask, good, seconds = 60) {
  const end = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < end) {
    try {
      last = await ask();
      if (good(last)) return last;
    } catch (e) {
      last = e.message;
    }
    await sleep(300);
  }
  throw new Error('waited in vain for ' + what + '; last: ' + JSON.stringify(last));
}

async function main() {
  const out = {};
  const resident = await api.signInWithWeChat('RESIDENT');
  assert.equal(resident.role, 'RESIDENT');
  assert.match(resident.subject, /^wx-/);
  out.account = resident.subject;

  const compound = (await api.call('compounds')).find(c => c.name === process.env.COMPOUND_NAME);
  assert.ok(compound, 'the compound is listed');
  const building = (await api.call('compoundBuildings', { params: { id: compound.id } }))
    .find(b => b.status === 'SEALED');
  assert.ok(building, 'its sealed building is listed');

  // order-service hears of the building through an event, a moment after dispatch made it.
  const household = await until('order-service to know the building', () => api.call('registerHousehold', { body: {
    buildingId: building.id, room: '602', contactName: 'Chen Jie', phone: '13800138000', people: 3,
    vulnerabilities: ['CHILD_IN_DIFFICULTY'] } }), h => h && h.id);
  out.householdId = household.id;
  assert.deepEqual((await api.call('households')).map(h => h.id), [household.id]);

  const draft = { householdId: household.id, category: 'MEDICINE', items: [{ name: 'Cetirizine syrup', quantity: 1 }],
    urgent: true, note: null };
  const keys = api.draftKeys();
  const placed = await api.call('placeOrder', { body: draft, headers: { 'Idempotency-Key': keys.keyFor(draft) } });
  const again = await api.call('placeOrder', { body: draft, headers: { 'Idempotency-Key': keys.keyFor(draft) } });
  assert.equal(again.id, placed.id, 'a retry with the draft\'s key is the same order');
  keys.done();
  out.orderId = placed.id;

  const assigned = await until('the order to be assigned', () => api.call('order', { params: { id: placed.id } }),
    o => o.status === 'ASSIGNED' && o.runId);
  const code = assigned.handoffCode;
  assert.match(code, /^\d{6}$/);
  const listed = await api.call('orders', { query: { householdId: household.id } });
  assert.deepEqual(listed.map(o => o.id), [placed.id]);

  // The family moves to the flat upstairs: the household is edited (sent as a POST saying PATCH, as wx.request
  // cannot PATCH), and the volunteer's stop follows.
  const edited = await api.call('editHousehold', { params: { id: household.id }, body: { room: '603', people: 4 } });
  assert.equal(edited.room, '603');
  assert.equal(edited.people, 4);

  // The volunteer, on the same phone for the test's sake, signs in with WeChat once bound by the grid worker's code.
  const volunteer = await api.signInWithWeChat('VOLUNTEER', process.env.BINDING_CODE);
  assert.equal(volunteer.role, 'VOLUNTEER');
  assert.equal(String(volunteer.subject), process.env.VOLUNTEER_ID);
  const run = await until('the volunteer\'s stop to show the new room', async () =>
    (await api.call('runs', { query: { volunteerId: volunteer.subject } })).find(r => r.id === assigned.runId),
    r => r && r.orders.find(o => o.orderId === placed.id).room === '603');
  const stop = run.orders.find(o => o.orderId === placed.id);
  assert.equal(stop.phone, '*******8000');
  await api.call('pickup', { params: { id: run.id } });

  // In the stairwell: no signal. The confirmation waits on the phone.
  outbox.start();
  await sleep(50);
  wx.setOnline(false);
  const sentBefore = wx.requests.length;
  outbox.confirm(run.id, placed.id, code);
  await outbox.flush();
  const waiting = outbox.list();
  assert.deepEqual(waiting.map(e => [e.orderId, e.state]), [[placed.id, 'WAITING']]);
  assert.equal(wx.requests.length, sentBefore, 'nothing sent without signal');
  out.confirmedAt = waiting[0].body.confirmedAt;

  await sleep(2500); // the signal returns a little later than the confirmation was made
  wx.setOnline(true);
  await sleep(50);
  await outbox.flush();
  assert.deepEqual(outbox.list(), [], 'sent and taken');

  // The same request once more, as after an answer lost on the way: nothing changes.
  const replay = await api.call('handoff', { params: { id: run.id }, body: waiting[0].body,
    headers: { 'Idempotency-Key': waiting[0].key } });
  assert.equal(replay.orders.find(o => o.orderId === placed.id).status, 'DELIVERED');

  // The resident, signed in with WeChat again: the same account, the order delivered.
  const back = await api.signInWithWeChat('RESIDENT');
  assert.equal(back.subject, out.account, 'the same WeChat user is the same account');
  const delivered = await until('the resident to see it delivered', () => api.call('order', { params: { id: placed.id } }),
    o => o.status === 'DELIVERED');
  out.history = delivered.history.map(h => ({ status: h.status, at: h.at }));
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().then(() => process.exit(0), e => {
  process.stderr.write((e && e.stack) || String(e));
  process.stderr.write('\n');
  process.exit(1);
});
