// The resident's pages, rendered by miniprogram-simulate and tapped through, against a scripted Doorstep.
const { test, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./support/harness.js');
const { wx } = h;

beforeEach(() => {
  h.reset();
});

/** The orders the phone sent (the page also reads which WeChat messages to ask consent for). */
function orderPosts() {
  return wx.requests.filter(r => r.method === 'POST' && r.path === '/api/orders');
}

const ORDER = {
  id: 31, householdId: 5, category: 'MEDICINE', urgent: true, status: 'ASSIGNED', handoffCode: '482913',
  items: [{ name: 'Cetirizine syrup', quantity: 1 }], placedAt: '2026-12-03T08:00:00+08:00',
  history: [{ status: 'PLACED', at: '2026-12-03T08:00:00+08:00', by: 'chen', note: null },
    { status: 'ASSIGNED', at: '2026-12-03T08:01:00+08:00', by: 'dispatch', note: null }]
};

test('sign-in: a pasted local token opens the resident\'s home; a WeChat refusal is shown as a sentence', async () => {
  const page = await h.open('signin');
  assert.match(h.text(page), /微信登录 Sign in with WeChat/);
  h.type(page, '#token', h.token('RESIDENT', 'chen'));
  h.tap(page, '#use-token');
  await h.settle();
  assert.deepEqual(wx.navigations, ['/pages/home/index']);

  h.reset();
  wx.server = h.routes({ 'POST /api/auth/wechat': () => h.problem(401, 'Unauthorized',
    'WeChat did not accept the sign-in code; sign in again.') });
  const again = await h.open('signin');
  h.tap(again, '#resident-wechat');
  await h.settle();
  assert.equal(h.text(again, '#message'), 'WeChat did not accept the sign-in code; sign in again.');
  assert.deepEqual(wx.navigations, []);
});

test('home: the households, and the chosen one\'s orders with their state and since when', async () => {
  h.signIn('RESIDENT', 'chen');
  wx.server = h.routes({
    'GET /api/households': () => h.ok([{ id: 5, buildingId: 2, room: '602', contactName: 'Chen Jie', people: 3 }]),
    'GET /api/orders': request => h.ok(request.query.householdId === '5' ? [ORDER] : [])
  });
  const page = await h.open('home');
  assert.match(h.text(page, '.household'), /Chen Jie · 房间 Room 602/);
  assert.match(h.text(page, '.order'), /#31 药品 Medicine/);
  assert.match(h.text(page, '.order .status'), /^已派单 Assigned · \d\d-\d\d \d\d:\d\d$/);
  h.tap(page, '.order');
  h.tap(page, '#new-order');
  await h.settle();
  assert.deepEqual(wx.navigations, ['/pages/order/index?id=31', '/pages/order-new/index?householdId=5']);
});

test('registering a household: compound, then its building, then the details', async () => {
  h.signIn('RESIDENT', 'chen');
  let sent;
  wx.server = h.routes({
    'GET /api/compounds': () => h.ok([{ id: 1, name: '金桥花园 Jinqiao Garden' }]),
    'GET /api/compounds/1/buildings': () => h.ok([{ id: 2, compoundId: 1, name: 'Building 3', status: 'SEALED' },
      { id: 3, compoundId: 1, name: 'Building 8', status: 'OPEN' }]),
    'POST /api/households': request => { sent = request.body; return { status: 201, body: Object.assign({ id: 9 }, request.body) }; }
  });
  const page = await h.open('household');
  h.change(page, '#compound', 0);
  await h.settle();
  assert.match(h.text(page, '#compound'), /金桥花园 Jinqiao Garden/);
  h.change(page, '#building', 0);
  await h.settle();
  assert.match(h.text(page, '#building'), /Building 3 · 封控 Sealed/);
  h.type(page, '#room', '602');
  h.type(page, '#people', '3');
  h.type(page, '#contact', 'Chen Jie');
  h.type(page, '#phone', '13800138000');
  h.change(page, '#vulnerabilities', ['CHILD_IN_DIFFICULTY']);
  h.tap(page, '#save');
  await h.settle();
  assert.deepEqual(sent, { room: '602', contactName: 'Chen Jie', phone: '13800138000', people: 3,
    vulnerabilities: ['CHILD_IN_DIFFICULTY'], buildingId: 2 });
  assert.deepEqual(wx.navigations, ['back']);
});

test('registering a household: the compounds are found by part of the name, and a long list says so', async () => {
  h.signIn('RESIDENT', 'chen');
  const district = [{ id: 1, name: '金桥花园 Jinqiao Garden' }, { id: 2, name: '金桥北苑 Jinqiao North' }]
    .concat(Array.from({ length: 60 }, (_, i) => ({ id: 100 + i, name: '小区 Court ' + (100 + i) })));
  const asked = [];
  wx.server = h.routes({
    // As dispatch-service answers: the names holding q in any case, by name, at most limit of them.
    'GET /api/compounds': request => {
      asked.push(request.query);
      const q = (request.query.q || '').toLowerCase();
      return h.ok(district.filter(c => c.name.toLowerCase().includes(q)).slice(0, Number(request.query.limit)));
    },
    'GET /api/compounds/2/buildings': () => h.ok([{ id: 7, compoundId: 2, name: 'Building 1', status: 'SEALED' }])
  });
  const page = await h.open('household');
  assert.deepEqual(asked, [{ limit: '50' }]);
  assert.equal(h.text(page, '#compound-hint'),
    '只列出前50个小区：输入名称里的字来查找。 Only the first 50 compounds are listed: type part of the name to find yours.');

  h.type(page, '#compound-search', ' 金桥 ');
  h.tap(page, '#search');
  await h.settle();
  assert.deepEqual(asked[1], { q: '金桥', limit: '50' });
  assert.equal(h.text(page, '#compound-hint'), null, 'two found: nothing more to say');
  h.change(page, '#compound', 1);
  await h.settle();
  assert.match(h.text(page, '#compound'), /金桥北苑 Jinqiao North/);
  assert.match(h.text(page, '#building'), /请选择 Choose/);
  h.change(page, '#building', 0);
  await h.settle();
  assert.match(h.text(page, '#building'), /Building 1 · 封控 Sealed/);

  // Another search starts the choice again; one that finds nothing says so.
  h.type(page, '#compound-search', 'nowhere');
  h.tap(page, '#search');
  await h.settle();
  assert.deepEqual(asked[2], { q: 'nowhere', limit: '50' });
  assert.equal(h.text(page, '#compound-hint'), '没有名称里有这些字的小区。 No compound has that in its name.');
  assert.match(h.text(page, '#compound'), /请选择 Choose/);
  h.tap(page, '#save');
  await h.settle();
  assert.equal(h.text(page, '#message'), '请选择楼栋。 Choose a building.');
});

test('registering a household: the answer to an earlier search arriving after a later one is not shown', async () => {
  h.signIn('RESIDENT', 'chen');
  const waiting = [];
  wx.server = h.routes({
    'GET /api/compounds': request => (request.query.q === 'slow'
      ? new Promise(resolve => waiting.push(() => resolve(h.ok([{ id: 9, name: 'Slow Court' }]))))
      : h.ok([{ id: 1, name: '金桥花园 Jinqiao Garden' }]))
  });
  const page = await h.open('household');
  h.type(page, '#compound-search', 'slow');
  h.tap(page, '#search');
  await h.settle();
  h.type(page, '#compound-search', '金桥');
  h.tap(page, '#search');
  await h.settle();
  waiting.forEach(answer => answer());
  await h.settle();
  h.change(page, '#compound', 0);
  await h.settle();
  assert.match(h.text(page, '#compound'), /金桥花园 Jinqiao Garden/);
});

test('editing a household sends the changed details with PATCH; a refusal stays on the page as a sentence', async () => {
  h.signIn('RESIDENT', 'chen');
  const bodies = [];
  wx.server = h.routes({
    'GET /api/households/5': () => h.ok({ id: 5, buildingId: 2, room: '602', contactName: 'Chen Jie',
      phone: '13800138000', people: 3, vulnerabilities: ['CHILD_IN_DIFFICULTY'] }),
    'GET /api/buildings/2': () => h.ok({ id: 2, compoundId: 1, name: 'Building 3', status: 'SEALED' }),
    'PATCH /api/households/5': request => {
      bodies.push(request.body);
      return bodies.length === 1 ? h.problem(400, 'Bad Request', 'people must be between 1 and 20.')
        : h.ok(Object.assign({ id: 5 }, request.body));
    }
  });
  const page = await h.open('household', { id: '5' });
  assert.match(h.text(page, '#building-name'), /Building 3/);
  h.type(page, '#people', '40');
  h.tap(page, '#save');
  await h.settle();
  assert.equal(h.text(page, '#message'), 'people must be between 1 and 20.');
  h.type(page, '#people', '4');
  h.type(page, '#phone', '');
  h.tap(page, '#save');
  await h.settle();
  assert.deepEqual(bodies[1], { room: '602', contactName: 'Chen Jie', phone: null, people: 4,
    vulnerabilities: ['CHILD_IN_DIFFICULTY'] });
  assert.deepEqual(wx.navigations, ['back']);
});

test('ordering: the button is off while the order is on its way, and a retry after a lost answer sends the same key', async () => {
  h.signIn('RESIDENT', 'chen');
  let release;
  let attempt = 0;
  wx.server = h.routes({ 'POST /api/orders': () => {
    attempt++;
    if (attempt <= 4) return 'offline'; // the first tap: every try lost
    return new Promise(resolve => { release = () => resolve({ status: 201, body: Object.assign({}, ORDER, { id: 40 }) }); });
  } });
  // 'offline' from a route is a lost answer too
  const routed = wx.server;
  wx.server = request => Promise.resolve(routed(request));
  const page = await h.open('order-new', { householdId: '5' });
  h.tap(page, '#cat-MEDICINE');
  await h.settle();
  h.type(page, '#item-0', 'Cetirizine syrup');
  h.change(page, '#urgent', true);
  h.tap(page, '#place');
  await h.settle();
  assert.equal(h.text(page, '#message'), '服务没有应答。请再试一次：订单不会重复下。 No answer from the service. Try again: the order will not be placed twice.');
  assert.equal(h.attr(page, '#place', 'disabled'), false);

  h.tap(page, '#place');
  await h.settle();
  assert.equal(h.attr(page, '#place', 'disabled'), true, 'off while the request is in flight');
  h.tap(page, '#place'); // a double tap meanwhile sends nothing
  await h.settle();
  assert.equal(orderPosts().length, 5);
  release();
  await h.settle();
  const keys = orderPosts().map(r => r.headers['Idempotency-Key']);
  assert.equal(new Set(keys).size, 1, 'one key for the draft across every try: ' + keys);
  assert.deepEqual(orderPosts()[4].body, { householdId: 5, category: 'MEDICINE',
    items: [{ name: 'Cetirizine syrup', quantity: 1 }], urgent: true, note: null });
  assert.deepEqual(wx.navigations, ['/pages/order/index?id=40']);
});

test('a meal is ordered in a window of the chosen day; a refused order shows the service\'s sentence', async () => {
  h.signIn('RESIDENT', 'chen');
  wx.server = h.routes({ 'POST /api/orders': () => h.problem(422, 'Limit reached: open orders per household',
    'Household 5 already has 30 orders on their way.', { limit: 'open-orders-per-household', limitValue: 30 }) });
  const page = await h.open('order-new', { householdId: '5' });
  h.tap(page, '#cat-MEAL');
  await h.settle();
  h.tap(page, '#day-tomorrow');
  h.change(page, '#window-from', '17:30');
  h.change(page, '#window-to', '18:30');
  h.type(page, '#item-0', 'Rice and vegetables');
  h.tap(page, '#place');
  await h.settle();
  assert.equal(h.text(page, '#message'), 'Household 5 already has 30 orders on their way.');
  const window = orderPosts()[0].body.deliveryWindow;
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  const from = new Date(window.from);
  assert.equal(from.getDate(), tomorrow.getDate());
  assert.equal(from.getHours() + ':' + from.getMinutes(), '17:30');
  assert.match(window.to, /T18:30:00\.000[+-]\d\d:\d\d$/);
  assert.equal(h.attr(page, '#place', 'disabled'), false);
});

test('an order: its steps with times, the handoff code to tell, and cancelling before pickup', async () => {
  h.signIn('RESIDENT', 'chen');
  let status = 'ASSIGNED';
  wx.server = h.routes({
    'GET /api/orders/31': () => h.ok(Object.assign({}, ORDER, { status })),
    'POST /api/orders/31/cancel': () => {
      status = 'CANCELLED';
      return h.ok(Object.assign({}, ORDER, { status, history: ORDER.history.concat([
        { status: 'CANCELLED', at: '2026-12-03T08:05:00+08:00', by: 'chen', note: null }]) }));
    }
  });
  const page = await h.open('order', { id: '31' });
  assert.equal(h.text(page, '#handoff-code'), '482913');
  assert.equal(h.text(page, '#status'), '已派单 Assigned');
  const lines = page.querySelectorAll('.history-line').map(l => l.dom.textContent.trim());
  assert.equal(lines.length, 2);
  assert.match(lines[1], /^\d\d-\d\d \d\d:\d\d · 已派单 Assigned$/);
  h.tap(page, '#cancel');
  await h.settle();
  assert.equal(h.text(page, '#status'), '已取消 Cancelled');
  assert.equal(page.querySelector('#handoff-code'), undefined, 'no code once it is over');
  assert.equal(page.querySelector('#cancel'), undefined);
  assert.match(h.text(page, '#message'), /Order cancelled/);
});

test('cancelling after pickup: the service\'s 409 is shown and the order as it now is', async () => {
  h.signIn('RESIDENT', 'chen');
  let status = 'ASSIGNED';
  wx.server = h.routes({
    'GET /api/orders/31': () => h.ok(Object.assign({}, ORDER, { status })),
    'POST /api/orders/31/cancel': () => {
      status = 'OUT_FOR_DELIVERY';
      return h.problem(409, 'Conflict', 'Order 31 is already on its way and can no longer be cancelled.');
    }
  });
  const page = await h.open('order', { id: '31' });
  h.tap(page, '#cancel');
  await h.settle();
  assert.equal(h.text(page, '#message'), 'Order 31 is already on its way and can no longer be cancelled.');
  assert.equal(h.text(page, '#status'), '配送中 Out for delivery');
  assert.equal(page.querySelector('#cancel'), undefined);
  assert.equal(h.text(page, '#handoff-code'), '482913', 'the code is still needed at the door');
});

test('meal plans: started, paused, resumed and ended', async () => {
  h.signIn('RESIDENT', 'chen');
  const plans = [];
  const calls = [];
  const move = (id, status) => { plans.find(p => p.id === id).status = status; return h.ok(plans.find(p => p.id === id)); };
  wx.server = h.routes({
    'GET /api/meal-plans': () => h.ok(plans),
    'POST /api/meal-plans': request => {
      calls.push(request.body);
      plans.push(Object.assign({ id: 8, status: 'ACTIVE' }, request.body, { windowStart: '11:30:00', windowEnd: '12:30:00' }));
      return { status: 201, body: plans[0] };
    },
    'POST /api/meal-plans/8/pause': () => move(8, 'PAUSED'),
    'POST /api/meal-plans/8/resume': () => move(8, 'ACTIVE'),
    'POST /api/meal-plans/8/end': () => move(8, 'ENDED')
  });
  const page = await h.open('mealplans', { householdId: '5' });
  assert.match(h.text(page, '#no-plans'), /No meal plans yet/);
  h.change(page, '#days', ['MONDAY', 'THURSDAY']);
  h.type(page, '#plan-item', 'Lunch box');
  h.tap(page, '#start');
  await h.settle();
  assert.deepEqual(calls[0], { householdId: 5, days: ['MONDAY', 'THURSDAY'], windowStart: '11:30', windowEnd: '12:30',
    items: [{ name: 'Lunch box', quantity: 1 }], note: null });
  assert.match(h.text(page, '#plan-8'), /周一 Mon 周四 Thu 11:30–12:30/);
  assert.match(h.text(page, '#plan-8 .status'), /进行中 Active/);
  h.tap(page, '#pause-8');
  await h.settle();
  assert.match(h.text(page, '#plan-8 .status'), /已暂停 Paused/);
  h.tap(page, '#resume-8');
  await h.settle();
  assert.match(h.text(page, '#plan-8 .status'), /进行中 Active/);
  h.tap(page, '#end-8');
  await h.settle();
  assert.match(h.text(page, '#plan-8 .status'), /已结束 Ended/);
  assert.equal(page.querySelector('#end-8'), undefined);
});

test('a busy service is asked again as it says; one that stays busy is shown as a sentence, with no signal too', async () => {
  h.signIn('RESIDENT', 'chen');
  let calls = 0;
  wx.server = h.routes({
    'GET /api/households': () => (++calls < 3
      ? Object.assign(h.problem(503, 'Service Unavailable', 'The database is away; try again in a moment.'),
        { headers: { 'Retry-After': '3' } })
      : h.ok([{ id: 5, buildingId: 2, room: '602', contactName: 'Chen Jie' }])),
    'GET /api/orders': () => h.problem(503, 'Service Unavailable', 'The database is away; try again in a moment.')
  });
  const page = await h.open('home');
  assert.deepEqual(h.sleeps.slice(0, 2), [3000, 3000]);
  assert.match(h.text(page, '.household'), /Chen Jie/);
  assert.equal(h.text(page, '#message'), 'The database is away; try again in a moment.');

  h.reset();
  h.signIn('RESIDENT', 'chen');
  wx.online = false;
  const offline = await h.open('home');
  assert.equal(h.text(offline, '#message'), '没有网络连接，请稍后再试。 No connection: try again in a moment.');
});
