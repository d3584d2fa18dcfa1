// Issue 15 on the phone: asking for consent to WeChat subscribe messages in the taps WeChat allows it in (placing an
// order, registering a household, going on duty, a grid worker binding their WeChat), reporting the answers to the
// right service, never letting a refusal stand in the way; and the message list, sent or not and why.
const { test, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./support/harness.js');
const config = require('../config.js');
const { wx } = h;

const RESIDENT_TEMPLATES = {
  ASSIGNED: 't-assigned', OUT_FOR_DELIVERY: 't-out', DELIVERED: 't-delivered', FAILED: 't-failed',
  BUILDING_CONTROLLED: 't-controlled', BUILDING_OPEN: 't-open', BUILDING_PRECAUTION: 't-precaution',
  BUILDING_SEALED: 't-sealed'
};
const VOLUNTEER_TEMPLATES = { NEW_RUN: 't-new-run', RUN_TAKEN_BACK: 't-taken-back', TEST_DUE: 't-test-due',
  URGENT_ORDER: 't-urgent' };
const GRID_TEMPLATES = { COVERAGE_GAP: 'g-gap', HANDOFF_FAILED: 'g-failed', HANDOFF_LOCKED: 'g-locked',
  RESIDENT_NOT_REACHED: 'g-unreached', URGENT_OVERDUE: 'g-overdue' };

beforeEach(() => {
  h.reset();
});

/**
 * A service's /api/me/subscriptions as order-service and volunteer-service answer it: the templates, and one consent
 * more per "accept" (a template not its own 422, nothing recorded).
 */
function subscriptions(templates, service) {
  const state = { consents: {}, answers: [] };
  const mine = request => request.url.startsWith(config.services[service] + '/');
  state.routes = {
    'GET /api/me/subscriptions': request => (mine(request) ? h.ok({ templates, consents: state.consents })
      : h.problem(404, 'Not Found', 'Wrong service.')),
    'POST /api/me/subscriptions': request => {
      if (!mine(request)) return h.problem(404, 'Not Found', 'Wrong service.');
      const known = Object.values(templates);
      if (Object.keys(request.body).some(id => !known.includes(id))) {
        return h.problem(422, 'Unprocessable Entity', 'Not one of this server\'s templates.');
      }
      state.answers.push(request.body);
      Object.keys(request.body).filter(id => request.body[id] === 'accept')
        .forEach(id => { state.consents[id] = (state.consents[id] || 0) + 1; });
      return h.ok({ templates, consents: state.consents });
    }
  };
  return state;
}

const ORDER = { id: 40, householdId: 5, category: 'FOOD', urgent: false, status: 'PLACED', handoffCode: '123456',
  items: [{ name: 'Rice', quantity: 2 }], placedAt: '2026-12-03T08:00:00+08:00', history: [] };

async function orderRice() {
  const page = await h.open('order-new', { householdId: '5' });
  h.type(page, '#item-0', 'Rice');
  h.type(page, '#qty-0', '2');
  return page;
}

function posts(path) {
  return wx.requests.filter(r => r.method === 'POST' && r.path === path);
}

test('placing an order asks, in the tap, for delivered, failed and assigned, and reports the answers to order-service', async () => {
  h.signIn('RESIDENT', 'chen');
  const consent = subscriptions(RESIDENT_TEMPLATES, 'order');
  let answer;
  wx.subscribeAnswer = () => new Promise(resolve => { answer = resolve; }); // the person reads WeChat's box
  wx.server = h.routes(Object.assign({ 'POST /api/orders': () => ({ status: 201, body: ORDER }) }, consent.routes));
  const page = await orderRice();
  h.tap(page, '#place');
  await h.settle();

  assert.deepEqual(wx.subscribeRequests, [{ tmplIds: ['t-delivered', 't-failed', 't-assigned'], inTap: true }]);
  assert.equal(posts('/api/orders').length, 1, 'the order went while WeChat\'s box was open');
  assert.deepEqual(wx.navigations, [], 'the page stays under the box until it is answered');

  answer({ 't-delivered': 'accept', 't-failed': 'accept', 't-assigned': 'reject' });
  await h.settle();
  assert.deepEqual(consent.answers, [{ 't-delivered': 'accept', 't-failed': 'accept', 't-assigned': 'reject' }],
    'the answers as WeChat gave them, without its errMsg');
  assert.deepEqual(consent.consents, { 't-delivered': 1, 't-failed': 1 });
  assert.deepEqual(wx.navigations, ['/pages/order/index?id=40']);
});

test('a refused or failed consent, or a service that will not take the answers, still places the order', async () => {
  h.signIn('RESIDENT', 'chen');
  const consent = subscriptions(RESIDENT_TEMPLATES, 'order');
  wx.subscribeAnswer = () => ({ errCode: 20004, errMsg: 'requestSubscribeMessage:fail the main switch is switched off' });
  wx.server = h.routes(Object.assign({ 'POST /api/orders': () => ({ status: 201, body: ORDER }) }, consent.routes));
  const page = await orderRice();
  h.tap(page, '#place');
  await h.settle();
  assert.equal(wx.subscribeRequests.length, 1);
  assert.deepEqual(posts('/api/me/subscriptions'), [], 'nothing answered, nothing reported');
  assert.deepEqual(wx.navigations, ['/pages/order/index?id=40']);

  // Everything rejected: reported as such, and the order placed.
  h.reset();
  h.signIn('RESIDENT', 'chen');
  wx.subscribeAnswer = ids => Object.fromEntries(ids.map(id => [id, 'reject']));
  const again = await orderRice();
  h.tap(again, '#place');
  await h.settle();
  assert.deepEqual(consent.answers.slice(-1), [{ 't-delivered': 'reject', 't-failed': 'reject', 't-assigned': 'reject' }]);
  assert.deepEqual(wx.navigations, ['/pages/order/index?id=40']);

  // order-service busy with the answers: the order is placed, and no error is shown for what the person cannot fix.
  h.reset();
  h.signIn('RESIDENT', 'chen');
  wx.server = h.routes(Object.assign({}, consent.routes, {
    'POST /api/orders': () => ({ status: 201, body: ORDER }),
    'POST /api/me/subscriptions': () => h.problem(503, 'Service Unavailable', 'Busy.')
  }));
  const busy = await orderRice();
  h.tap(busy, '#place');
  await h.settle();
  assert.deepEqual(wx.navigations, ['/pages/order/index?id=40']);
  assert.equal(h.text(busy, '#message'), null);
});

test('an order refused by order-service shows why; the consent given in the same tap is kept all the same', async () => {
  h.signIn('RESIDENT', 'chen');
  const consent = subscriptions(RESIDENT_TEMPLATES, 'order');
  wx.server = h.routes(Object.assign({ 'POST /api/orders': () => h.problem(422, 'Limit reached',
    'Household 5 already has 30 orders on their way.') }, consent.routes));
  const page = await orderRice();
  h.tap(page, '#place');
  await h.settle();
  assert.equal(h.text(page, '#message'), 'Household 5 already has 30 orders on their way.');
  assert.deepEqual(consent.consents, { 't-delivered': 1, 't-failed': 1, 't-assigned': 1 });
  assert.deepEqual(wx.navigations, []);
});

test('no templates configured, or none readable: WeChat is not asked and the order is placed', async () => {
  h.signIn('RESIDENT', 'chen');
  const consent = subscriptions({}, 'order');
  wx.server = h.routes(Object.assign({ 'POST /api/orders': () => ({ status: 201, body: ORDER }) }, consent.routes));
  const page = await orderRice();
  h.tap(page, '#place');
  await h.settle();
  assert.deepEqual(wx.subscribeRequests, []);
  assert.deepEqual(wx.navigations, ['/pages/order/index?id=40']);

  h.reset();
  h.signIn('RESIDENT', 'chen');
  wx.server = h.routes({
    'GET /api/me/subscriptions': () => h.problem(503, 'Service Unavailable', 'Busy.'),
    'POST /api/orders': () => ({ status: 201, body: ORDER })
  });
  const busy = await orderRice();
  assert.equal(wx.requests.filter(r => r.path === '/api/me/subscriptions').length, 1,
    'asked once: the page does not wait through retries for what it can do without');
  h.tap(busy, '#place');
  await h.settle();
  assert.deepEqual(wx.subscribeRequests, []);
  assert.deepEqual(wx.navigations, ['/pages/order/index?id=40']);
  assert.equal(h.text(busy, '#message'), null);
});

test('only the kinds the server lists are asked, most important first, three at most', async () => {
  h.signIn('RESIDENT', 'chen');
  const consent = subscriptions({ OUT_FOR_DELIVERY: 't-out', ASSIGNED: 't-assigned', FAILED: 't-failed' }, 'order');
  wx.server = h.routes(Object.assign({ 'POST /api/orders': () => ({ status: 201, body: ORDER }) }, consent.routes));
  const page = await orderRice();
  h.tap(page, '#place');
  await h.settle();
  assert.deepEqual(wx.subscribeRequests.map(r => r.tmplIds), [['t-failed', 't-assigned', 't-out']]);
});

/** Fills in a new household (the first compound and building listed) and taps save. */
async function registerHousehold() {
  const page = await h.open('household');
  h.change(page, '#compound', 0);
  await h.settle();
  h.change(page, '#building', 0);
  h.type(page, '#room', '602');
  h.type(page, '#contact', 'Chen Jie');
  h.tap(page, '#save');
  await h.settle();
  return page;
}

test('registering a household asks, in the tap, for the building\'s status messages; editing one does not', async () => {
  h.signIn('RESIDENT', 'chen');
  const consent = subscriptions(RESIDENT_TEMPLATES, 'order');
  wx.server = h.routes(Object.assign({
    'GET /api/compounds': () => h.ok([{ id: 1, name: '金桥花园 Jinqiao Garden' }]),
    'GET /api/compounds/1/buildings': () => h.ok([{ id: 2, compoundId: 1, name: 'Building 3', status: 'SEALED' }]),
    'POST /api/households': request => ({ status: 201, body: Object.assign({ id: 9 }, request.body) }),
    'GET /api/households/9': () => h.ok({ id: 9, buildingId: 2, room: '602', contactName: 'Chen Jie', people: 1,
      vulnerabilities: [] }),
    'GET /api/buildings/2': () => h.ok({ id: 2, compoundId: 1, name: 'Building 3', status: 'SEALED' }),
    'PATCH /api/households/9': request => h.ok(Object.assign({ id: 9 }, request.body))
  }, consent.routes));
  const page = await registerHousehold();
  assert.deepEqual(wx.subscribeRequests, [{ tmplIds: ['t-sealed', 't-controlled', 't-open'], inTap: true }]);
  assert.deepEqual(consent.consents, { 't-sealed': 1, 't-controlled': 1, 't-open': 1 });
  assert.equal(posts('/api/households').length, 1);
  assert.match(h.text(page, '#message'), /已保存/);
  assert.deepEqual(wx.navigations, ['back']);

  h.reset();
  h.signIn('RESIDENT', 'chen');
  const editing = await h.open('household', { id: '9' });
  h.type(editing, '#room', '603');
  h.tap(editing, '#save');
  await h.settle();
  assert.deepEqual(wx.subscribeRequests, []);
  assert.deepEqual(wx.navigations, ['back']);
});

test('registering a household: a refused consent does not stand in the way, and a building status listed alone is asked', async () => {
  h.signIn('RESIDENT', 'chen');
  const consent = subscriptions({ BUILDING_PRECAUTION: 't-precaution', BUILDING_OPEN: 't-open', DELIVERED: 't-d' }, 'order');
  wx.subscribeAnswer = () => ({ errCode: 20004, errMsg: 'requestSubscribeMessage:fail the main switch is switched off' });
  wx.server = h.routes(Object.assign({
    'GET /api/compounds': () => h.ok([{ id: 1, name: '金桥花园 Jinqiao Garden' }]),
    'GET /api/compounds/1/buildings': () => h.ok([{ id: 2, compoundId: 1, name: 'Building 3', status: 'OPEN' }]),
    'POST /api/households': request => ({ status: 201, body: Object.assign({ id: 9 }, request.body) })
  }, consent.routes));
  await registerHousehold();
  assert.deepEqual(wx.subscribeRequests.map(r => r.tmplIds), [['t-open', 't-precaution']]);
  assert.deepEqual(consent.answers, []);
  assert.deepEqual(wx.navigations, ['back']);
});

/** Just enough of dispatch and volunteer-service for the runs page. */
function volunteerServer(consent) {
  const state = { onDuty: false };
  wx.server = h.routes(Object.assign({
    'GET /api/runs': () => h.ok([]),
    'GET /api/volunteers/7': () => h.ok({ id: 7, onDuty: state.onDuty }),
    'PUT /api/volunteers/7/duty': request => { state.onDuty = request.body.onDuty; return h.ok({ id: 7, onDuty: state.onDuty }); }
  }, consent.routes));
  return state;
}

test('a volunteer going on duty is asked for run calls, urgent first, answered to volunteer-service; the page says how many are left', async () => {
  h.signIn('VOLUNTEER', 7);
  const consent = subscriptions(VOLUNTEER_TEMPLATES, 'volunteer');
  const duty = volunteerServer(consent);
  const page = await h.open('runs');
  assert.equal(h.text(page, '#calls-left'), '还能收到的微信提醒 WeChat calls left: 加急订单加入您的任务 An urgent order added to your run 0'
    + ' · 新的配送任务 A new run 0 · 配送任务已撤回 A run taken back 0 · 核酸检测即将过期 Your test is about to run out 0');

  wx.subscribeAnswer = () => ({ 't-urgent': 'accept', 't-new-run': 'accept', 't-taken-back': 'reject' });
  h.tap(page, '#duty');
  await h.settle();
  assert.deepEqual(wx.subscribeRequests, [{ tmplIds: ['t-urgent', 't-new-run', 't-taken-back'], inTap: true }]);
  const reported = posts('/api/me/subscriptions');
  assert.equal(reported.length, 1);
  assert.ok(reported[0].url.startsWith(config.services.volunteer + '/'), 'told to volunteer-service: ' + reported[0].url);
  assert.deepEqual(reported[0].body, { 't-urgent': 'accept', 't-new-run': 'accept', 't-taken-back': 'reject' });
  assert.equal(duty.onDuty, true);
  assert.equal(h.text(page, '#duty-state'), '在岗 On duty');
  assert.match(h.text(page, '#calls-left'), /加急订单加入您的任务 An urgent order added to your run 1 · 新的配送任务 A new run 1 · 配送任务已撤回 A run taken back 0/);

  // Going off duty asks nothing.
  h.tap(page, '#duty');
  await h.settle();
  assert.equal(duty.onDuty, false);
  assert.equal(wx.subscribeRequests.length, 1);
});

test('a volunteer taps "receive run calls" for more; refusing says the calls will only be in the list', async () => {
  h.signIn('VOLUNTEER', 7);
  const consent = subscriptions(VOLUNTEER_TEMPLATES, 'volunteer');
  volunteerServer(consent);
  const page = await h.open('runs');
  h.tap(page, '#receive-calls');
  await h.settle();
  assert.deepEqual(wx.subscribeRequests, [{ tmplIds: ['t-urgent', 't-new-run', 't-taken-back'], inTap: true }]);
  assert.equal(h.text(page, '#message'), '已记下，可以收到提醒了。 Noted: you will get the calls.');
  assert.match(h.text(page, '#calls-left'), /A new run 1/);

  wx.subscribeAnswer = ids => Object.fromEntries(ids.map(id => [id, 'reject']));
  h.tap(page, '#receive-calls');
  await h.settle();
  assert.equal(h.text(page, '#message'), '没有允许：收不到微信提醒，请在消息里查看。 Not allowed: no WeChat calls, read them in Messages.');
  assert.match(h.text(page, '#calls-left'), /A new run 1/);

  // No templates at volunteer-service: no button, nothing asked when going on duty.
  h.reset();
  h.signIn('VOLUNTEER', 7);
  const none = volunteerServer(subscriptions({}, 'volunteer'));
  const bare = await h.open('runs');
  assert.equal(bare.querySelector('#receive-calls'), undefined);
  assert.equal(bare.querySelector('#calls-left'), undefined);
  h.tap(bare, '#duty');
  await h.settle();
  assert.equal(none.onDuty, true);
  assert.deepEqual(wx.subscribeRequests, []);
});

test('a resident\'s messages, newest first: what, about which order or building, when, how, and why one was not sent', async () => {
  h.signIn('RESIDENT', 'chen');
  wx.server = h.routes({
    // Answered out of order here: the page shows the newest first whatever order they come in.
    'GET /api/me/notifications': request => (request.url.startsWith(config.services.order + '/') ? h.ok([
      { kind: 'ASSIGNED', orderId: 31, buildingId: null, at: '2026-12-03T08:01:00+08:00', channel: null, sent: false,
        reason: 'no consent left in WeChat for this message' },
      { kind: 'DELIVERED', orderId: 31, buildingId: null, at: '2026-12-03T08:40:00+08:00', channel: 'WECHAT',
        sent: true, reason: null },
      { kind: 'BUILDING_CONTROLLED', orderId: null, buildingId: 2, at: '2026-12-03T08:20:00+08:00', channel: 'SMS',
        sent: true, reason: null },
      { kind: 'OUT_FOR_DELIVERY', orderId: 31, buildingId: null, at: '2026-12-03T08:30:00+08:00', channel: null,
        sent: false, reason: 'held for the quiet hours until 07:00' }
    ]) : h.problem(404, 'Not Found', 'Wrong service.'))
  });
  const page = await h.open('messages');
  const read = part => page.querySelectorAll('.notice ' + part).map(n => h.text(n));
  assert.deepEqual(read('.what'), ['已送到门口 At your door订单 Order #31',
    '正在配送 On its way订单 Order #31', '楼栋管控 Building controlled楼栋 Building #2',
    '已安排志愿者 A volunteer is assigned订单 Order #31']);
  const when = read('.when');
  assert.match(when[0], /^\d\d-\d\d \d\d:\d\d · 微信 WeChat$/);
  assert.match(when[2], /· 短信 SMS$/);
  assert.match(when[3], /· 只在这里 Only here$/);
  assert.deepEqual(read('.state'), ['已发送 Sent', '未发送 Not sent: held for the quiet hours until 07:00', '已发送 Sent',
    '未发送 Not sent: no consent left in WeChat for this message']);
  assert.deepEqual(read('.hint'), ['下单时在微信弹窗里点“允许”，才能收到微信消息。 Tap "Allow" in WeChat\'s box when you order to get WeChat messages.'],
    'only the one without consent says how to get the next');

  h.tap(page, '.notice');
  await h.settle();
  assert.deepEqual(wx.navigations, ['/pages/order/index?id=31'], 'a message about an order opens it');
});

test('a WeChat message opens its order (?orderId=), or the message list when it is about a building', async () => {
  h.signIn('RESIDENT', 'chen');
  wx.server = h.routes({ 'GET /api/orders/40': () => h.ok(Object.assign({}, ORDER, { status: 'DELIVERED' })) });
  const order = await h.open('order', { orderId: '40' });
  assert.equal(h.text(order, '#status'), '已送达 Delivered');

  const building = await h.open('order', { buildingId: '2' });
  assert.deepEqual(wx.navigations, ['/pages/messages/index']);
  assert.equal(h.text(building, '#message'), null);
});

test('the message list is reached from home and from runs; a volunteer\'s comes from volunteer-service', async () => {
  h.signIn('RESIDENT', 'chen');
  wx.server = h.routes({ 'GET /api/households': () => h.ok([]) });
  const home = await h.open('home');
  h.tap(home, '#messages');
  await h.settle();
  assert.deepEqual(wx.navigations, ['/pages/messages/index']);

  h.reset();
  h.signIn('VOLUNTEER', 7);
  volunteerServer(subscriptions({}, 'volunteer'));
  const runs = await h.open('runs');
  h.tap(runs, '#messages');
  await h.settle();
  assert.deepEqual(wx.navigations, ['/pages/messages/index']);

  wx.server = h.routes({
    'GET /api/me/notifications': request => (request.url.startsWith(config.services.volunteer + '/') ? h.ok([
      { kind: 'URGENT_ORDER', runId: 11, orderId: 33, at: '2026-12-03T09:05:00+08:00', channel: 'WECHAT', sent: true,
        reason: null },
      { kind: 'NEW_RUN', runId: 11, orderId: null, at: '2026-12-03T09:00:00+08:00', channel: null, sent: false,
        reason: 'no consent left in WeChat for this message' }
    ]) : h.problem(403, 'Forbidden', 'Residents only.'))
  });
  const page = await h.open('messages');
  assert.deepEqual(page.querySelectorAll('.notice .what').map(n => h.text(n)), [
    '加急订单加入您的任务 An urgent order added to your run订单 Order #33', '新的配送任务 A new run配送 Run #11']);
  assert.equal(h.text(page, '.notice .hint'), '点“接收配送提醒”并允许，才能收到微信提醒。 Tap "Receive run calls" and allow them to get WeChat calls.');
  h.tap(page, '.notice');
  await h.settle();
  assert.deepEqual(wx.navigations, ['/pages/messages/index'], 'a volunteer\'s message opens no resident\'s order page');
});

test('the message list: none yet says so; a service that stays busy, or no signal, is a sentence', async () => {
  h.signIn('RESIDENT', 'chen');
  wx.server = h.routes({ 'GET /api/me/notifications': () => h.ok([]) });
  const empty = await h.open('messages');
  assert.equal(h.text(empty, '#no-messages'), '还没有消息。 No messages yet.');
  assert.equal(h.text(empty, '#message'), null);

  h.reset();
  h.signIn('RESIDENT', 'chen');
  wx.server = h.routes({ 'GET /api/me/notifications': () => h.problem(503, 'Service Unavailable',
    'The database is away; try again in a moment.') });
  const busy = await h.open('messages');
  assert.equal(wx.requests.length, 4, 'tried again as every read is');
  assert.equal(h.text(busy, '#message'), 'The database is away; try again in a moment.');
  assert.equal(busy.querySelector('#no-messages'), undefined, 'not "no messages" when they could not be read');

  h.reset();
  h.signIn('RESIDENT', 'chen');
  wx.online = false;
  const offline = await h.open('messages');
  assert.equal(h.text(offline, '#message'), '没有网络连接，请稍后再试。 No connection: try again in a moment.');
});

/** dispatch-service's grid-worker binding as its contract says: one code, good once, for grid worker w1. */
function gridWorkerServer() {
  const state = { codes: new Set(['K7P2QX9M']), bound: new Set(), consents: {}, bodies: [], loginsAtConsent: [] };
  wx.subscribeAnswer = ids => {
    state.loginsAtConsent.push(wx.logins);
    return Object.fromEntries(ids.map(id => [id, id === 'g-unreached' ? 'reject' : 'accept']));
  };
  wx.server = h.routes({
    'GET /api/grid-workers/wechat/templates': request => (request.headers.Authorization ? h.problem(400, 'Bad', 'No token here.')
      : h.ok({ templates: GRID_TEMPLATES })),
    'POST /api/grid-workers/wechat': request => {
      const body = request.body;
      state.bodies.push(body);
      if (body.bindingCode) {
        if (!state.codes.delete(body.bindingCode)) {
          return h.problem(401, 'Unauthorized', 'The binding code is wrong, used or expired.');
        }
        state.bound.add('wechat-user');
      } else if (!state.bound.has('wechat-user')) {
        return h.problem(401, 'Unauthorized', 'This WeChat user is not bound to a grid worker.');
      }
      Object.keys(body.subscriptions || {}).filter(id => body.subscriptions[id] === 'accept')
        .forEach(id => { state.consents[id] = (state.consents[id] || 0) + 1; });
      return h.ok({ gridWorker: 'w1', templates: GRID_TEMPLATES, consents: state.consents });
    }
  });
  return state;
}

test('a grid worker binds their WeChat with the console\'s code: consent in the tap, then wx.login, then the binding', async () => {
  const signin = await h.open('signin');
  assert.equal(h.text(signin, '#grid-worker'), '网格员：接收提醒 Grid worker: receive alerts');
  h.tap(signin, '#grid-worker');
  await h.settle();
  assert.deepEqual(wx.navigations, ['/pages/gridworker/index']);

  const state = gridWorkerServer();
  const page = await h.open('gridworker');
  assert.equal(page.querySelector('#bound'), undefined);
  assert.equal(h.text(page, '#bind'), '绑定并接收提醒 Bind and receive alerts');
  const loginsBefore = wx.logins;
  h.type(page, '#binding', ' K7P2QX9M ');
  h.tap(page, '#bind');
  await h.settle();

  assert.deepEqual(wx.subscribeRequests, [{ tmplIds: ['g-overdue', 'g-failed', 'g-unreached'], inTap: true }]);
  assert.deepEqual(state.loginsAtConsent, [loginsBefore], 'consent asked before wx.login');
  assert.deepEqual(state.bodies, [{ code: 'wx-code-' + (loginsBefore + 1), bindingCode: 'K7P2QX9M',
    subscriptions: { 'g-overdue': 'accept', 'g-failed': 'accept', 'g-unreached': 'reject' } }]);
  assert.equal(h.text(page, '#bound'), '已绑定 w1 Bound as w1');
  assert.equal(h.text(page, '#message'), '已绑定，提醒会发到这个微信。 Bound: alerts come to this WeChat.');
  assert.deepEqual(page.querySelectorAll('.alert-left').map(n => h.text(n)), [
    '急需药品超时未送达 Urgent medicine overdue: 1', '交接失败 A handoff failed: 1',
    '联系不上的住户 A resident not reached: 0', '交接被锁定 A handoff locked: 0',
    '楼栋无人配送 A building nobody can serve: 0']);
  assert.equal(h.text(page, '#bind'), '再接收几条提醒 Receive more alerts');
  assert.equal(wx.requests.some(r => r.headers.Authorization), false, 'no token: the grid worker is not signed in here');

  // A later visit: no code, only more consents.
  const later = await h.open('gridworker');
  assert.equal(h.text(later, '#bound'), '已绑定 w1 Bound as w1');
  h.tap(later, '#bind');
  await h.settle();
  assert.equal(state.bodies.length, 2);
  assert.equal('bindingCode' in state.bodies[1], false);
  assert.match(state.bodies[1].code, /^wx-code-\d+$/);
  assert.notEqual(state.bodies[1].code, state.bodies[0].code, 'a new wx.login code each time');
  assert.deepEqual(h.text(later, '.alert-left'), '急需药品超时未送达 Urgent medicine overdue: 2');
});

test('a grid worker\'s wrong or used code, or a WeChat bound to nobody, reads as what to do; WeChat busy as try again', async () => {
  const state = gridWorkerServer();
  const page = await h.open('gridworker');
  h.type(page, '#binding', 'WRONG123');
  h.tap(page, '#bind');
  await h.settle();
  assert.equal(h.text(page, '#message'),
    '绑定码不对、已用过或已过期：请在控制台重新获取。 The binding code is wrong, used or expired: get a new one in the console.');
  assert.equal(page.querySelector('#bound'), undefined);
  assert.equal(state.bodies.length, 1, 'a refused code is not tried again');

  h.type(page, '#binding', '');
  h.tap(page, '#bind');
  await h.settle();
  assert.equal(h.text(page, '#message'),
    '这个微信还没有绑定：请填写控制台里的绑定码。 This WeChat is not bound yet: enter the binding code from the console.');

  // Kept as bound here, but dispatch no longer knows this WeChat (bound again elsewhere): the greeting goes.
  wx.setStorageSync('doorstep.gridworker', { gridWorker: 'w1' });
  const stale = await h.open('gridworker');
  assert.equal(h.text(stale, '#bound'), '已绑定 w1 Bound as w1');
  h.tap(stale, '#bind');
  await h.settle();
  assert.equal(stale.querySelector('#bound'), undefined);
  assert.equal(wx.getStorageSync('doorstep.gridworker'), '');

  // WeChat busy: tried again with a new code each time, then said so.
  h.reset();
  wx.server = h.routes({
    'GET /api/grid-workers/wechat/templates': () => h.ok({ templates: {} }),
    'POST /api/grid-workers/wechat': () => h.problem(503, 'Service Unavailable', 'WeChat did not answer in time.')
  });
  const busy = await h.open('gridworker');
  assert.equal(h.text(busy, '#no-templates'), '还没有配置提醒模板：绑定后提醒只在控制台显示。 No alert templates are set up yet: alerts stay in the console.');
  h.type(busy, '#binding', 'K7P2QX9M');
  h.tap(busy, '#bind');
  await h.settle();
  const tries = wx.requests.filter(r => r.path === '/api/grid-workers/wechat');
  assert.equal(tries.length, 4);
  assert.equal(new Set(tries.map(r => r.body.code)).size, 4, 'each try with its own wx.login code');
  assert.deepEqual(tries[0].body, { code: tries[0].body.code, bindingCode: 'K7P2QX9M' }, 'no templates: none asked');
  assert.deepEqual(wx.subscribeRequests, []);
  assert.equal(h.text(busy, '#message'), '微信繁忙，请稍后再试。 WeChat is busy: try again in a moment.');
  assert.equal(h.attr(busy, '#bind', 'disabled'), false);
});

test('a grid worker who refuses consent is still bound, and no answers are sent', async () => {
  const state = gridWorkerServer();
  wx.subscribeAnswer = () => ({ errCode: 20004, errMsg: 'requestSubscribeMessage:fail the main switch is switched off' });
  const page = await h.open('gridworker');
  h.type(page, '#binding', 'K7P2QX9M');
  h.tap(page, '#bind');
  await h.settle();
  assert.equal(state.bodies.length, 1);
  assert.equal('subscriptions' in state.bodies[0], false);
  assert.equal(h.text(page, '#bound'), '已绑定 w1 Bound as w1');
});
