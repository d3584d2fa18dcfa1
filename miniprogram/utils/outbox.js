// A volunteer's handoffs, kept on the phone until dispatch has them: in a stairwell without signal a confirmation is
// stored (wx.setStorageSync) and shown as waiting to send; when the network returns (wx.onNetworkStatusChange) the
// waiting ones are sent one after the other, oldest first, each with its own Idempotency-Key, so a send whose answer
// was lost can be repeated without acting twice. One the service refuses (a wrong code, a run taken back) stays,
// with the reason, for the volunteer to send again with another code or to mark failed.
const api = require('./api.js');
const words = require('./words.js');

const KEY = 'doorstep.handoffs';
let online = true;
let flushing = null;
let started = false;
const listeners = [];

function all() {
  return wx.getStorageSync(KEY) || [];
}

// Whose phone it is now, even with a token run out: their handoffs stay theirs until they sign in again.
function me() {
  const session = api.storedSession();
  return session ? session.subject : null;
}

/** The signed-in volunteer's handoffs, oldest first: another volunteer on the same phone neither sees nor sends them. */
function list() {
  const subject = me();
  return all().filter(e => e.subject === subject);
}

function save(entries) {
  wx.setStorageSync(KEY, entries);
  const mine = list();
  listeners.forEach(listener => listener(mine));
}

function update(key, change) {
  save(all().map(e => (e.key === key ? Object.assign({}, e, change) : e)));
}

function add(runId, orderId, body) {
  const entry = { key: api.newKey(), subject: me(), runId, orderId, body, state: 'WAITING', reason: null };
  save(all().concat([entry]));
  flush();
  return entry;
}

/** The resident's code, confirmed now: stored with this moment as the handoff's time, then sent when it can be. */
function confirm(runId, orderId, code) {
  return add(runId, orderId, { orderId, code: String(code).trim(), confirmedAt: words.isoWithOffset(new Date()) });
}

/** A handoff that could not be made, with its reason; kept and sent like a confirmation. */
function fail(runId, orderId, reason) {
  return add(runId, orderId, { orderId, failed: true, reason });
}

/**
 * A refused confirmation sent again, with the code typed anew if the first was wrong. Another body is another request
 * to the service, so it gets another key; the time stays the one the volunteer first confirmed at the door.
 */
function retry(key, code) {
  const entry = list().find(e => e.key === key);
  if (!entry) return;
  const body = Object.assign({}, entry.body);
  if (code !== undefined && code !== null && String(code).trim()) body.code = String(code).trim();
  update(key, { key: api.newKey(), body, state: 'WAITING', reason: null });
  flush();
}

/** A refused confirmation given up for a failed handoff with a reason. */
function markFailed(key, reason) {
  const entry = list().find(e => e.key === key);
  if (!entry) return;
  update(key, { key: api.newKey(), body: { orderId: entry.orderId, failed: true, reason }, state: 'WAITING',
    reason: null });
  flush();
}

/** Sends what waits, in order; stops at the first that cannot get through, to try again when the network returns. */
async function send() {
  while (online) {
    const next = list().find(e => e.state === 'WAITING');
    if (!next) return;
    try {
      await api.call('handoff', { params: { id: next.runId }, body: next.body,
        headers: { 'Idempotency-Key': next.key } });
      save(all().filter(e => e.key !== next.key));
    } catch (e) {
      if (e.offline || e.status === 503 || e.status === 401) return; // not through: it keeps its place
      update(next.key, { state: 'REFUSED', reason: e.message });
    }
  }
}

/** One sending at a time: a second call while one runs waits for that one, which also takes what was added. */
function flush() {
  if (!flushing) flushing = send().finally(() => { flushing = null; });
  return flushing;
}

/** Listens to the network once per app start; what waits is sent as soon as the phone says it is connected. */
function start() {
  if (started) return;
  started = true;
  wx.onNetworkStatusChange(res => {
    online = !!res.isConnected;
    if (online) flush();
  });
  wx.getNetworkType({
    success: res => {
      online = res.networkType !== 'none';
      if (online) flush();
    }
  });
}

function isOnline() {
  return online;
}

/** Calls listener with the entries each time they change; returns a function that stops it. */
function watch(listener) {
  listeners.push(listener);
  return () => {
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
}

module.exports = { confirm, fail, retry, markFailed, flush, start, list, watch, isOnline };
