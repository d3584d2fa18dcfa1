// What the tests need around the mini-program: a DOM for miniprogram-simulate, and a fake `wx` (WeChat's client:
// storage, wx.request against a scripted Doorstep, network events, wx.login, wx.requestSubscribeMessage with WeChat's
// rules, navigation). The fake answers as the services do, from routes each test writes.
const path = require('path');
const { JSDOM } = require('jsdom');

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
global.window = dom.window;
global.document = dom.window.document;
for (const name of ['Node', 'Event', 'CustomEvent', 'HTMLElement', 'MutationObserver', 'getComputedStyle']) {
  global[name] = dom.window[name];
}

const ROOT = path.join(__dirname, '..', '..');

function fakeWx() {
  const storage = new Map();
  const networkListeners = [];
  const wx = {
    storage,
    requests: [],
    navigations: [],
    logins: 0,
    /** (request) => {status, body, headers} | 'offline' | a promise of either. */
    server: () => ({ status: 404, body: { title: 'Not Found', status: 404, detail: 'Nothing here.' } }),
    online: true,

    getStorageSync: key => (storage.has(key) ? JSON.parse(storage.get(key)) : ''),
    setStorageSync: (key, value) => { storage.set(key, JSON.stringify(value)); },
    removeStorageSync: key => { storage.delete(key); },

    request(options) {
      // WeChat's own list of methods: PATCH is not among them.
      if (!['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT'].includes(options.method || 'GET')) {
        throw new Error('wx.request: method ' + options.method + ' is not one WeChat sends');
      }
      const [pathPart, queryPart] = options.url.replace(/^https?:\/\/[^/]+/, '').split('?');
      const query = {};
      (queryPart || '').split('&').filter(Boolean).forEach(pair => {
        const [k, v] = pair.split('=');
        query[decodeURIComponent(k)] = decodeURIComponent(v);
      });
      const header = options.header || {};
      // As the services do (MethodOverrideFilter): a POST saying PATCH is a PATCH.
      const method = options.method === 'POST' && header['X-HTTP-Method-Override'] === 'PATCH' ? 'PATCH'
        : options.method || 'GET';
      const request = {
        method, url: options.url, path: pathPart, query, headers: options.header || {},
        body: options.data ? JSON.parse(options.data) : undefined
      };
      wx.requests.push(request);
      Promise.resolve().then(() => (wx.online ? wx.server(request) : 'offline')).then(answer => {
        if (answer === 'offline') {
          options.fail && options.fail({ errMsg: 'request:fail' });
          return;
        }
        const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
        options.success && options.success({ statusCode: answer.status, data: body, header: answer.headers || {} });
      });
    },
    login(options) {
      wx.logins++;
      Promise.resolve().then(() => options.success({ code: 'wx-code-' + wx.logins }));
    },
    /** Each wx.requestSubscribeMessage: the template ids asked, and whether a tap was being handled. */
    subscribeRequests: [],
    tapping: false,
    /**
     * What the person answers in WeChat's consent box: (tmplIds) => {"<id>": "accept" | "reject" | …} or a failure
     * {errCode, errMsg} (20004: they turned subscribe messages off), or a promise of either. Default: all allowed.
     */
    subscribeAnswer: ids => Object.fromEntries(ids.map(id => [id, 'accept'])),
    requestSubscribeMessage(options) {
      const ids = options.tmplIds || [];
      wx.subscribeRequests.push({ tmplIds: ids, inTap: wx.tapping });
      // WeChat's own rules: only while a tap is handled, at most three templates, at least one.
      const refused = !wx.tapping ? { errCode: 20001, errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' }
        : ids.length === 0 || ids.length > 3 ? { errCode: 20003, errMsg: 'requestSubscribeMessage:fail template id list size is wrong' }
          : null;
      Promise.resolve().then(() => refused || wx.subscribeAnswer(ids)).then(answer => {
        if (answer.errCode) return options.fail && options.fail(answer);
        options.success && options.success(Object.assign({ errMsg: 'requestSubscribeMessage:ok' }, answer));
      });
    },
    onNetworkStatusChange(listener) { networkListeners.push(listener); },
    getNetworkType(options) {
      Promise.resolve().then(() => options.success({ networkType: wx.online ? 'wifi' : 'none' }));
    },
    /** The phone loses or finds its signal. */
    setOnline(online) {
      wx.online = online;
      networkListeners.forEach(l => l({ isConnected: online, networkType: online ? 'wifi' : 'none' }));
    },
    reLaunch: options => { wx.navigations.push(options.url); },
    redirectTo: options => { wx.navigations.push(options.url); },
    navigateTo: options => { wx.navigations.push(options.url); },
    navigateBack: () => { wx.navigations.push('back'); },
    stopPullDownRefresh: () => {}
  };
  return wx;
}

const fake = fakeWx();
global.wx = fake;
// Never wait in tests; remember what would have been waited.
const sleeps = [];
const api = require('../../utils/api.js');
api.configure({ sleep: ms => { sleeps.push(ms); return Promise.resolve(); } });

// WeChat asks for consent (wx.requestSubscribeMessage) only while a tap is being handled: what a bindtap handler does
// before its first await. Every tap handler the pages bind is marked so, for the fake to refuse a request made later.
const exparser = require(require.resolve('miniprogram-exparser', { paths: [require.resolve('j-component')] }));
const addListenerToElement = exparser.addListenerToElement;
exparser.addListenerToElement = function (node, name, listener, ...rest) {
  if (name !== 'tap') return addListenerToElement.call(this, node, name, listener, ...rest);
  return addListenerToElement.call(this, node, name, function (...args) {
    fake.tapping = true;
    try {
      return listener.apply(this, args);
    } finally {
      fake.tapping = false;
    }
  }, ...rest);
};

const simulate = require('miniprogram-simulate');
// simulate puts its own wx together with ours in a new object; ours stays the one the code talks to.
Object.keys(global.wx).forEach(k => { if (!(k in fake)) fake[k] = global.wx[k]; });
global.wx = fake;

/** A token as the services issue them (unsigned: the phone only reads whom it is for). */
function token(role, subject, secondsLeft = 3600) {
  const part = o => Buffer.from(JSON.stringify(o)).toString('base64url');
  return part({ alg: 'RS256', typ: 'JWT' }) + '.' + part({ sub: String(subject), groups: [role],
    exp: Math.floor(Date.now() / 1000) + secondsLeft, iat: Math.floor(Date.now() / 1000) }) + '.signature';
}

function signIn(role, subject) {
  return api.signInWithToken(token(role, subject));
}

/** Answers by "METHOD /path" (the query left aside); anything else is the services' 404. */
function routes(table) {
  return request => {
    const handler = table[request.method + ' ' + request.path];
    if (!handler) return { status: 404, body: { title: 'Not Found', status: 404, detail: 'No route ' + request.path } };
    const answer = handler(request);
    return answer && answer.then ? answer : Promise.resolve(answer);
  };
}

function ok(body) { return { status: 200, body }; }

function problem(status, title, detail, extra = {}) {
  return { status, body: Object.assign({ type: 'about:blank', title, status, detail }, extra),
    headers: { 'Content-Type': 'application/problem+json' } };
}

/** Lets every pending answer and re-render happen. */
async function settle() {
  for (let i = 0; i < 20; i++) await new Promise(resolve => setImmediate(resolve));
}

/** Renders a page (pages/NAME/index) as WeChat would open it with the query, and waits until it has loaded. */
async function open(name, query = {}) {
  const id = simulate.load(path.join(ROOT, 'pages', name, 'index'), { compiler: 'simulate', rootPath: ROOT });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  if (page.instance.onLoad) await page.instance.onLoad(query);
  if (page.instance.onShow) await page.instance.onShow();
  await settle();
  return page;
}

function tap(page, selector) {
  const node = page.querySelector(selector);
  if (!node) throw new Error('nothing to tap at ' + selector + ' in ' + page.dom.innerHTML);
  node.dispatchEvent('tap');
}

function type(page, selector, value) {
  const node = page.querySelector(selector);
  if (!node) throw new Error('nothing to type in at ' + selector);
  node.dispatchEvent('input', { detail: { value } });
}

function change(page, selector, value) {
  const node = page.querySelector(selector);
  if (!node) throw new Error('nothing to change at ' + selector);
  node.dispatchEvent('change', { detail: { value } });
}

/** The text a person reads in the element (or the whole page). */
function text(page, selector) {
  const node = selector ? page.querySelector(selector) : page;
  return node ? node.dom.textContent.replace(/\s+/g, ' ').trim() : null;
}

/** An attribute as rendered (e.g. a button's disabled). */
function attr(page, selector, name) {
  const node = page.querySelector(selector);
  const found = node && node.toJSON().attrs.find(a => a.name === name);
  return found ? found.value : undefined;
}

/** A fresh phone: nothing stored, nothing sent, online. */
function reset() {
  wx.storage.clear();
  wx.requests.length = 0;
  wx.navigations.length = 0;
  wx.subscribeRequests.length = 0;
  wx.subscribeAnswer = ids => Object.fromEntries(ids.map(id => [id, 'accept']));
  sleeps.length = 0;
  wx.setOnline(true);
}

module.exports = { api, wx: global.wx, sleeps, token, signIn, routes, ok, problem, settle, open, tap, type, change,
  text, attr, reset };
