const { test, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./support/harness.js');
const { api, wx } = h;

beforeEach(() => {
  h.reset();
});

test('a refusal reads as the problem\'s sentence, with what was wrong with each field', async () => {
  h.signIn('RESIDENT', 'chen');
  wx.server = h.routes({ 'POST /api/households': () => h.problem(400, 'Bad Request', 'The household is not valid.',
    { violations: [{ field: 'room', message: 'must not be blank' }] }) });
  await assert.rejects(api.call('registerHousehold', { body: { room: '' } }), e => {
    assert.equal(e.message, 'The household is not valid. room: must not be blank');
    assert.equal(e.status, 400);
    return true;
  });
});

test('a 503 is tried again after the Retry-After the service asked for, then answered', async () => {
  h.signIn('RESIDENT', 'chen');
  let calls = 0;
  wx.server = h.routes({ 'GET /api/orders/7': () => (++calls < 3
    ? Object.assign(h.problem(503, 'Service Unavailable', 'Busy.'), { headers: { 'retry-after': '2' } })
    : h.ok({ id: 7, status: 'PLACED' })) });
  const order = await api.call('order', { params: { id: 7 } });
  assert.equal(order.status, 'PLACED');
  assert.equal(calls, 3);
  assert.deepEqual(h.sleeps, [2000, 2000]);
});

test('a 503 that does not pass ends, after the last try, in the service\'s sentence', async () => {
  h.signIn('RESIDENT', 'chen');
  wx.server = h.routes({ 'GET /api/households': () => h.problem(503, 'Service Unavailable', 'WeChat is busy; try again.') });
  await assert.rejects(api.call('households'), /WeChat is busy; try again\./);
  assert.equal(wx.requests.length, 4);
  assert.deepEqual(h.sleeps, [1000, 2000, 4000], 'backing off when no Retry-After is given');
});

test('a lost answer is tried again for a read and for a keyed order, never for a plain state change', async () => {
  h.signIn('RESIDENT', 'chen');
  let reads = 0;
  wx.server = request => (request.method === 'GET' && ++reads === 1 ? 'offline'
    : request.method === 'GET' ? h.ok([]) : 'offline');
  assert.deepEqual(await api.call('households'), []);
  assert.equal(reads, 2);

  wx.requests.length = 0;
  await assert.rejects(api.call('cancelOrder', { params: { id: 3 } }), e => e.offline);
  assert.equal(wx.requests.length, 1, 'a cancel whose answer was lost may have happened: not sent again');

  wx.requests.length = 0;
  await assert.rejects(api.call('placeOrder', { body: { householdId: 1 }, headers: { 'Idempotency-Key': 'k-1' } }),
    e => e.offline && /No connection/.test(e.message));
  assert.equal(wx.requests.length, 4);
  assert.deepEqual(wx.requests.map(r => r.headers['Idempotency-Key']), ['k-1', 'k-1', 'k-1', 'k-1']);
});

test('an expired pasted token sends the person to sign in without calling the service', async () => {
  wx.setStorageSync('doorstep.session', { token: h.token('RESIDENT', 'chen', -10), role: 'RESIDENT',
    subject: 'chen', expiresAt: Date.now() - 10000, via: 'token' });
  await assert.rejects(api.call('households'), e => e.status === 401 && /sign in again/.test(e.message));
  assert.equal(wx.requests.length, 0);
  assert.deepEqual(wx.navigations, ['/pages/signin/index']);
  assert.equal(wx.getStorageSync('doorstep.session'), '');
});

test('a WeChat sign-in whose token ran out signs in again through WeChat by itself', async () => {
  wx.setStorageSync('doorstep.session', { token: h.token('RESIDENT', 'wx-a', -10), role: 'RESIDENT',
    subject: 'wx-a', expiresAt: Date.now() - 10000, via: 'wechat' });
  const fresh = h.token('RESIDENT', 'wx-a');
  wx.server = h.routes({
    'POST /api/auth/wechat': request => (request.body.code.startsWith('wx-code-') ? h.ok({ token: fresh, expiresIn: 3600 })
      : h.problem(401, 'Unauthorized', 'Wrong code.')),
    'GET /api/households': request => (request.headers.Authorization === 'Bearer ' + fresh ? h.ok([{ id: 1 }])
      : h.problem(401, 'Unauthorized', 'Token expired.'))
  });
  assert.deepEqual(await api.call('households'), [{ id: 1 }]);
  assert.equal(api.session().token, fresh);
  assert.deepEqual(wx.navigations, []);
});

test('WeChat sign-in: a resident gets a token; a busy WeChat is asked again with a new code', async () => {
  const answered = h.token('RESIDENT', 'wx-b');
  let calls = 0;
  wx.server = h.routes({ 'POST /api/auth/wechat': () => (++calls === 1
    ? Object.assign(h.problem(503, 'Service Unavailable', 'WeChat is busy.'), { headers: { 'Retry-After': '5' } })
    : h.ok({ token: answered, expiresIn: 43200 })) });
  const session = await api.signInWithWeChat('RESIDENT');
  assert.equal(session.role, 'RESIDENT');
  assert.equal(session.subject, 'wx-b');
  assert.deepEqual(wx.requests.map(r => r.body.code), ['wx-code-' + (wx.logins - 1), 'wx-code-' + wx.logins]);
  assert.deepEqual(h.sleeps, [5000]);
  assert.equal(wx.requests[0].url, 'http://127.0.0.1:8081/api/auth/wechat');
});

test('a volunteer signs in with WeChat at volunteer-service, giving the binding code once', async () => {
  wx.server = h.routes({ 'POST /api/auth/wechat': () => h.ok({ token: h.token('VOLUNTEER', 42), expiresIn: 43200 }) });
  const session = await api.signInWithWeChat('VOLUNTEER', 'K7M2PQ9X');
  assert.equal(session.subject, '42');
  assert.equal(wx.requests[0].url, 'http://127.0.0.1:8083/api/auth/wechat');
  assert.equal(wx.requests[0].body.bindingCode, 'K7M2PQ9X');
  assert.equal(wx.requests[0].headers.Authorization, undefined);
});

test('a pasted token is taken for a resident or a volunteer only, and only while valid', () => {
  assert.equal(api.signInWithToken('Bearer ' + h.token('VOLUNTEER', 5)).subject, '5');
  assert.throws(() => api.signInWithToken(h.token('GRID_WORKER', 'w1')), /not a resident's or a volunteer's token/);
  assert.throws(() => api.signInWithToken(h.token('RESIDENT', 'chen', -5)), /expired/);
  assert.throws(() => api.signInWithToken('not a token'), /not a resident's or a volunteer's token/);
});

test('the same draft keeps its key until answered; a changed draft gets a new one', () => {
  const keys = api.draftKeys();
  const first = keys.keyFor({ a: 1 });
  assert.equal(keys.keyFor({ a: 1 }), first);
  const changed = keys.keyFor({ a: 2 });
  assert.notEqual(changed, first);
  keys.done();
  assert.notEqual(keys.keyFor({ a: 2 }), changed);
});

test('a WeChat sign-in that runs out without signal stays signed in, to be renewed when the signal returns', async () => {
  wx.setStorageSync('doorstep.session', { token: h.token('VOLUNTEER', 7, -10), role: 'VOLUNTEER',
    subject: '7', expiresAt: Date.now() - 10000, via: 'wechat' });
  wx.online = false;
  await assert.rejects(api.call('runs', { query: { volunteerId: 7 } }), e => e.offline);
  assert.equal(wx.getStorageSync('doorstep.session').subject, '7');
  assert.deepEqual(wx.navigations, []);
});
