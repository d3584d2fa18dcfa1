// The one way every page talks to Doorstep: base URLs from config.js, the operations of operations.js, the token kept
// in storage (and renewed or asked for again when it runs out), problem+json answers turned into sentences, and calls
// tried again with back-off when a service answers 503 or the answer is lost on the way.
const config = require('../config.js');
const operations = require('./operations.js');
const words = require('./words.js');

const SESSION_KEY = 'doorstep.session';
// A token with less than a minute left is treated as gone: a call made with it could arrive after it expired.
const EXPIRY_MARGIN_MS = 60 * 1000;

let services = Object.assign({}, config.services);
let retry = Object.assign({}, config.retry);
let sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
let signedOut = () => wx.reLaunch({ url: '/pages/signin/index' });

/** Points the module elsewhere (another stack's addresses, a test's clock). */
function configure(options) {
  if (options.services) services = Object.assign({}, services, options.services);
  if (options.retry) retry = Object.assign({}, retry, options.retry);
  if (options.sleep) sleep = options.sleep;
  if (options.signedOut) signedOut = options.signedOut;
}

class ApiError extends Error {
  /** status: the HTTP status, 0 when no answer came (offline: true); problem: the problem+json body, if any. */
  constructor(message, status, problem) {
    super(message);
    this.status = status;
    this.problem = problem || null;
    this.offline = status === 0;
  }
}

/** The sentence a person reads for a refusal: the problem's detail (or title), and what was wrong with each field. */
function sentence(status, body) {
  if (body && typeof body === 'object' && (body.detail || body.title)) {
    let text = body.detail || body.title;
    if (Array.isArray(body.violations) && body.violations.length) {
      text += ' ' + body.violations.map(v => v.field + ': ' + v.message).join('; ');
    }
    return text;
  }
  if (status === 0) return words.t('error.offline');
  if (status === 401) return words.t('error.signedOut');
  if (status === 503) return words.t('error.busy');
  return words.t('error.other') + ' (' + status + ')';
}

// ---- keys ----

/** A random key for an Idempotency-Key header (the mini-program has no crypto.randomUUID). */
function newKey() {
  const hex = n => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return hex(8) + '-' + hex(4) + '-4' + hex(3) + '-' + '89ab'[Math.floor(Math.random() * 4)] + hex(3) + '-'
    + Date.now().toString(16).padStart(12, '0').slice(-12);
}

/**
 * One Idempotency-Key per draft: the same body gets the same key until an answer arrives (done()), so a retry after
 * an error or a lost answer can never place a second order; a changed draft is a new request with a new key.
 */
function draftKeys() {
  let draft = null;
  return {
    keyFor(body) {
      const text = JSON.stringify(body);
      if (!draft || draft.text !== text) draft = { text, key: newKey() };
      return draft.key;
    },
    done() { draft = null; }
  };
}

// ---- the signed-in person ----

function base64UrlDecode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let bits = 0, value = 0;
  const bytes = [];
  for (const c of text.replace(/=+$/, '')) {
    const index = alphabet.indexOf(c === '+' ? '-' : c === '/' ? '_' : c);
    if (index < 0) throw new Error('not base64');
    value = (value << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  return decodeURIComponent(bytes.map(b => '%' + b.toString(16).padStart(2, '0')).join(''));
}

/** Who a token is for, read from its payload (the services check its signature; the phone only needs to know whom). */
function readToken(token) {
  try {
    const claims = JSON.parse(base64UrlDecode(token.split('.')[1]));
    const groups = Array.isArray(claims.groups) ? claims.groups : [claims.groups];
    const role = ['RESIDENT', 'VOLUNTEER'].find(r => groups.includes(r));
    if (!role || !claims.sub || !claims.exp) return null;
    return { role, subject: String(claims.sub), expiresAt: claims.exp * 1000 };
  } catch (e) {
    return null;
  }
}

function store(token, via) {
  const who = readToken(token);
  if (!who) throw new ApiError(words.t('error.badToken'), 400);
  if (who.expiresAt - EXPIRY_MARGIN_MS <= Date.now()) throw new ApiError(words.t('error.expiredToken'), 401);
  const session = Object.assign({ token, via }, who);
  wx.setStorageSync(SESSION_KEY, session);
  return session;
}

/** The stored sign-in, whether or not it is still valid; null if none. */
function storedSession() {
  const session = wx.getStorageSync(SESSION_KEY);
  return session && session.token ? session : null;
}

/** The signed-in person ({token, role, subject, expiresAt, via}) while their token is valid, else null. */
function session() {
  const s = storedSession();
  return s && s.expiresAt - EXPIRY_MARGIN_MS > Date.now() ? s : null;
}

function signOut() {
  wx.removeStorageSync(SESSION_KEY);
}

/** A token pasted from the local stack (deploy/local/token.sh or /signin): for a stack without a real appid. */
function signInWithToken(text) {
  const token = String(text || '').trim().replace(/^Bearer\s+/i, '');
  return store(token, 'token');
}

function wxLogin() {
  return new Promise((resolve, reject) => wx.login({
    success: res => (res.code ? resolve(res.code) : reject(new ApiError(words.t('error.wechat'), 0))),
    fail: () => reject(new ApiError(words.t('error.wechat'), 0))
  }));
}

/**
 * Signs in with WeChat: wx.login's one-time code, exchanged by order-service (a resident) or volunteer-service (a
 * volunteer, with the binding code from their grid worker the first time). A code is good for one try only, so each
 * try after a 503 or a lost answer asks WeChat for a new one.
 */
async function signInWithWeChat(role, bindingCode) {
  const operation = role === 'VOLUNTEER' ? 'volunteerSignIn' : 'residentSignIn';
  const answer = await withLoginCode(code => {
    const body = { code };
    if (bindingCode) body.bindingCode = bindingCode;
    return call(operation, { body, auth: false, retry: false });
  }, transient);
  return store(answer.token, 'wechat');
}

/**
 * Calls send(code) with a fresh wx.login code on each try: WeChat takes a code once, so a try again after a 503 (or
 * whatever again(error) says may be tried again) needs a new one. Waits between tries as call() does.
 */
async function withLoginCode(send, again) {
  for (let attempt = 1; ; attempt++) {
    const code = await wxLogin();
    try {
      return await send(code);
    } catch (e) {
      if (!again(e) || attempt >= retry.attempts) throw e;
      await sleep(e.retryAfterMs || backoff(attempt));
    }
  }
}

/** A valid token, renewed through WeChat without a word if that is how the person signed in; else null. */
async function token() {
  const s = session();
  if (s) return s.token;
  const stale = storedSession();
  if (stale && stale.via === 'wechat') {
    try {
      return (await signInWithWeChat(stale.role)).token;
    } catch (e) {
      // No signal or a busy service: still signed in, renewed on a later call. Refused: the person signs in again.
      if (transient(e)) throw e;
    }
  }
  return null;
}

function goneToSignIn() {
  signOut();
  signedOut();
  return new ApiError(words.t('error.signedOut'), 401);
}

// ---- calls ----

function transient(e) {
  return e.status === 0 || e.status === 503;
}

function backoff(attempt) {
  return Math.min(retry.baseDelayMs * Math.pow(2, attempt - 1), retry.maxDelayMs);
}

function header(headers, name) {
  const key = Object.keys(headers || {}).find(k => k.toLowerCase() === name.toLowerCase());
  return key ? headers[key] : undefined;
}

function send(method, url, body, headers) {
  if (method === 'PATCH') {
    // wx.request has no PATCH: the services take a POST saying so (common's MethodOverrideFilter) as the PATCH it is.
    method = 'POST';
    headers = Object.assign({}, headers, { 'X-HTTP-Method-Override': 'PATCH' });
  }
  return new Promise(resolve => wx.request({
    url, method, header: headers, timeout: config.timeoutMs,
    data: body === undefined ? undefined : JSON.stringify(body),
    dataType: 'text', // parsed below: a problem+json answer is JSON too, and an empty one is not
    success: res => resolve({ status: res.statusCode, body: res.data, headers: res.header || {} }),
    fail: () => resolve({ status: 0, body: null, headers: {} })
  }));
}

function parse(body) {
  if (typeof body !== 'string') return body;
  if (!body) return null;
  try { return JSON.parse(body); } catch (e) { return body; }
}

function url(operation, params, query) {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name) => {
    if (params[name] === undefined || params[name] === null) throw new Error('path parameter ' + name + ' missing');
    return encodeURIComponent(params[name]);
  });
  const pairs = Object.keys(query || {}).filter(k => query[k] !== undefined && query[k] !== null)
    .map(k => encodeURIComponent(k) + '=' + encodeURIComponent(query[k]));
  return services[operation.service] + path + (pairs.length ? '?' + pairs.join('&') : '');
}

/**
 * Calls an operation of operations.js; resolves to the answer's body, or rejects with an ApiError whose message is
 * the sentence to show. options: params (path), query, body, headers, auth (default true), retry (default: 503 always;
 * a lost answer only when repeating cannot act twice: GET, PUT, PATCH, or an Idempotency-Key).
 */
async function call(name, options = {}) {
  const operation = operations[name];
  if (!operation) throw new Error('unknown operation ' + name);
  const headers = Object.assign({ 'Accept': 'application/json, application/problem+json' }, options.headers || {});
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const repeatable = ['GET', 'PUT', 'PATCH'].includes(operation.method) || !!header(headers, 'Idempotency-Key');
  const attempts = options.retry === false ? 1 : retry.attempts;
  let renewed = false;
  for (let attempt = 1; ; attempt++) {
    if (options.auth !== false) {
      const bearer = await token();
      if (!bearer) throw goneToSignIn();
      headers['Authorization'] = 'Bearer ' + bearer;
    }
    const answer = await send(operation.method, url(operation, options.params || {}, options.query), options.body, headers);
    const body = parse(answer.body);
    if (answer.status >= 200 && answer.status < 300) return body;
    if (answer.status === 401 && options.auth !== false) {
      // The service no longer takes the token (expired early, key changed): renew once through WeChat, else sign in.
      const stale = storedSession();
      if (!renewed && stale && stale.via === 'wechat') {
        renewed = true;
        wx.setStorageSync(SESSION_KEY, Object.assign({}, stale, { expiresAt: 0 }));
        attempt--;
        continue;
      }
      throw goneToSignIn();
    }
    const error = new ApiError(sentence(answer.status, body), answer.status, typeof body === 'object' ? body : null);
    const seconds = Number(header(answer.headers, 'Retry-After'));
    if (answer.status === 503 && seconds >= 0) error.retryAfterMs = Math.min(seconds * 1000, retry.maxDelayMs);
    const again = answer.status === 503 || (answer.status === 0 && repeatable);
    if (!again || attempt >= attempts) throw error;
    await sleep(error.retryAfterMs !== undefined ? error.retryAfterMs : backoff(attempt));
  }
}

module.exports = {
  ApiError, call, configure, draftKeys, newKey, readToken, sentence, session, storedSession, signInWithToken,
  signInWithWeChat, signOut, withLoginCode, operations
};
