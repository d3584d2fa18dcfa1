// The volunteer's page, rendered by miniprogram-simulate: runs and doors, pickup, duty, and handoffs that wait for
// signal in the outbox and leave, in order and once, when it returns.
const { test, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./support/harness.js');
const outbox = require('../utils/outbox.js');
const { wx } = h;

const CODES = { 31: '111111', 32: '222222' };
const OFFSET_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/;

/** Dispatch as the volunteer sees it: their runs, and the handoffs it has applied (once per key). */
function dispatch() {
  const state = {
    runs: [
      { id: 11, buildingId: 2, volunteerId: 7, status: 'PICKED_UP', orders: [
        { orderId: 31, status: 'PICKED_UP', room: '602', contactName: 'Chen Jie', phone: '*******8000', handoffLocked: false },
        { orderId: 32, status: 'PICKED_UP', room: '1101', contactName: 'Wang Lei', phone: '*******1234', handoffLocked: false }] },
      { id: 12, buildingId: 2, volunteerId: 7, status: 'ASSIGNED', orders: [
        { orderId: 33, status: 'ASSIGNED', room: '305', contactName: 'Zhao Min', phone: null, handoffLocked: false }] }
    ],
    applied: [],
    keys: new Set(),
    onDuty: false,
    /** Answers lost on the way back after the handoff was applied, as in a stairwell. */
    loseAnswers: 0
  };
  const run = id => state.runs.find(r => r.id === id);
  wx.server = h.routes({
    'GET /api/runs': request => (request.query.volunteerId === '7' ? h.ok(state.runs) : h.problem(403, 'Forbidden', 'Not yours.')),
    'GET /api/volunteers/7': () => h.ok({ id: 7, onDuty: state.onDuty }),
    'PUT /api/volunteers/7/duty': request => { state.onDuty = request.body.onDuty; return h.ok({ id: 7, onDuty: state.onDuty }); },
    'POST /api/runs/12/pickup': () => {
      run(12).status = 'PICKED_UP';
      run(12).orders.forEach(o => { o.status = 'PICKED_UP'; });
      return h.ok(run(12));
    },
    'POST /api/runs/11/handoffs': request => {
      const key = request.headers['Idempotency-Key'];
      if (state.keys.has(key)) return h.ok(run(11)); // a replay acts once
      const stop = run(11).orders.find(o => o.orderId === request.body.orderId);
      if (!request.body.failed && request.body.code !== CODES[stop.orderId]) {
        return h.problem(422, 'Unprocessable Entity', 'The handoff code does not match; ask the resident again.');
      }
      state.keys.add(key);
      state.applied.push(request.body);
      stop.status = request.body.failed ? 'FAILED' : 'DELIVERED';
      if (state.loseAnswers > 0) {
        state.loseAnswers--;
        return 'offline';
      }
      return h.ok(run(11));
    }
  });
  return state;
}

function handoffRequests() {
  return wx.requests.filter(r => r.path === '/api/runs/11/handoffs');
}

beforeEach(() => {
  h.reset();
  h.signIn('VOLUNTEER', 7);
});

test('the runs with their doors: room, contact, masked phone; pickup; going on duty', async () => {
  const state = dispatch();
  const page = await h.open('runs');
  assert.match(h.text(page, '#stop-31'), /房间 Room 602 · Chen Jie/);
  assert.match(h.text(page, '#stop-31 .phone'), /\*{7}8000/);
  assert.equal(h.text(page, '#duty-state'), '离岗 Off duty');
  assert.equal(page.querySelector('#code-33'), undefined, 'no code before the goods are picked up');

  h.tap(page, '#pickup-12');
  await h.settle();
  assert.equal(state.runs[1].status, 'PICKED_UP');
  assert.ok(page.querySelector('#code-33'), 'codes are taken once the goods are with the volunteer');

  h.tap(page, '#duty');
  await h.settle();
  assert.equal(state.onDuty, true);
  assert.equal(h.text(page, '#duty-state'), '在岗 On duty');
});

test('with signal a confirmation goes at once, with its own key and the time it was made', async () => {
  const state = dispatch();
  const page = await h.open('runs');
  const before = Date.now();
  h.type(page, '#code-31', '111111');
  h.tap(page, '#confirm-31');
  await h.settle();
  assert.equal(state.applied.length, 1);
  const [sent] = handoffRequests();
  assert.equal(sent.body.orderId, 31);
  assert.equal(sent.body.code, '111111');
  assert.match(sent.body.confirmedAt, OFFSET_TIME);
  assert.ok(Math.abs(new Date(sent.body.confirmedAt).getTime() - before) < 60000);
  assert.ok(sent.headers['Idempotency-Key']);
  assert.match(h.text(page, '#message'), /Handed over/);
  assert.match(h.text(page, '#stop-31'), /已送达 Delivered/);
  assert.deepEqual(wx.getStorageSync('doorstep.handoffs'), []);
});

test('without signal confirmations are stored, shown waiting, and sent once each, in order, when it returns', async () => {
  const state = dispatch();
  const page = await h.open('runs');
  wx.setOnline(false);
  h.type(page, '#code-32', '222222');
  h.tap(page, '#confirm-32');
  await h.settle();
  h.type(page, '#code-31', '111111');
  h.tap(page, '#confirm-31');
  await h.settle();

  assert.equal(handoffRequests().length, 0, 'nothing sent without signal');
  const stored = wx.getStorageSync('doorstep.handoffs');
  assert.deepEqual(stored.map(e => [e.orderId, e.state]), [[32, 'WAITING'], [31, 'WAITING']]);
  assert.match(h.text(page, '#waiting-32'), /等待发送 Waiting to send/);
  assert.match(h.text(page, '#waiting-31'), /等待发送 Waiting to send/);
  assert.equal(page.querySelector('#confirm-31'), undefined, 'not confirmed twice');

  // The signal returns; the first answer is lost on the way back and the same request is sent again.
  state.loseAnswers = 1;
  wx.setOnline(true);
  await h.settle();

  const sent = handoffRequests();
  assert.deepEqual(sent.map(r => r.body.orderId), [32, 32, 31], 'in the order confirmed, the lost one repeated');
  assert.equal(sent[0].headers['Idempotency-Key'], sent[1].headers['Idempotency-Key'], 'a repeat is a replay');
  assert.notEqual(sent[1].headers['Idempotency-Key'], sent[2].headers['Idempotency-Key'], 'each its own key');
  assert.deepEqual(sent.map(r => r.body.confirmedAt), [stored[0].body.confirmedAt, stored[0].body.confirmedAt,
    stored[1].body.confirmedAt], 'the time each was confirmed at the door, not when it was sent');
  assert.deepEqual(state.applied.map(b => b.orderId), [32, 31], 'each applied once');
  assert.deepEqual(wx.getStorageSync('doorstep.handoffs'), []);
  assert.equal(page.querySelector('#waiting-31'), undefined);
  assert.match(h.text(page, '#stop-31'), /已送达 Delivered/);
});

test('a queued confirmation refused when it arrives is shown with the reason, to send again or mark failed', async () => {
  const state = dispatch();
  const page = await h.open('runs');
  wx.setOnline(false);
  h.type(page, '#code-31', '999999');
  h.tap(page, '#confirm-31');
  await h.settle();
  h.type(page, '#code-32', '000000');
  h.tap(page, '#confirm-32');
  await h.settle();
  wx.setOnline(true);
  await h.settle();

  assert.match(h.text(page, '#refused-31'), /^#31 没有被接受 Not accepted/);
  assert.equal(h.text(page, '#refused-31 .reason'), 'The handoff code does not match; ask the resident again.');
  assert.match(h.text(page, '#refused-32'), /The handoff code does not match/);
  assert.deepEqual(state.applied, []);

  const firstKey = handoffRequests()[0].headers['Idempotency-Key'];
  h.type(page, '#recode-31', '111111');
  h.tap(page, '#retry-31');
  await h.settle();
  const retried = handoffRequests().slice(-1)[0];
  assert.equal(retried.body.code, '111111');
  assert.notEqual(retried.headers['Idempotency-Key'], firstKey, 'another body, another key');
  assert.equal(page.querySelector('#refused-31'), undefined);

  h.tap(page, '#give-up-32-NOBODY');
  await h.settle();
  assert.deepEqual(state.applied.map(b => [b.orderId, b.failed === true, b.reason || b.code]),
    [[31, false, '111111'], [32, true, '无人应答 Nobody answered']]);
  assert.equal(page.querySelector('#refused-32'), undefined);
  assert.deepEqual(wx.getStorageSync('doorstep.handoffs'), []);
});

test('a handoff marked failed at the door goes with its reason', async () => {
  const state = dispatch();
  const page = await h.open('runs');
  h.tap(page, '#fail-32-ADDRESS');
  await h.settle();
  assert.deepEqual(state.applied, [{ orderId: 32, failed: true, reason: '地址有误 Wrong address' }]);
  assert.match(h.text(page, '#stop-32'), /失败 Failed/);
});

test('a handoff waiting on the phone is its volunteer\'s: another signed in meanwhile neither sees nor sends it', async () => {
  const state = dispatch();
  const page = await h.open('runs');
  wx.setOnline(false);
  h.type(page, '#code-31', '111111');
  h.tap(page, '#confirm-31');
  await h.settle();

  h.signIn('VOLUNTEER', 8);
  wx.setOnline(true);
  await h.settle();
  assert.equal(handoffRequests().length, 0, 'not sent with another volunteer\'s token');
  assert.deepEqual(outbox.list(), []);

  h.signIn('VOLUNTEER', 7);
  await outbox.flush();
  assert.deepEqual(state.applied.map(b => b.orderId), [31]);
  assert.equal(handoffRequests()[0].headers.Authorization, 'Bearer ' + h.api.session().token);
});
