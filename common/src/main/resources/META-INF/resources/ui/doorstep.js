// Shared by Doorstep's pages: who is signed in, calls to the three services, Chinese and English.
const WORDS = {
  en: {
    'app.title': 'Doorstep', 'sign.out': 'Sign out', 'lang.switch': '中文',
    'resident.title': 'My orders', 'household': 'Household', 'new.order': 'New order', 'category': 'What',
    'cat.FOOD': 'Food', 'cat.MEDICINE': 'Medicine', 'cat.MEAL': 'Meal', 'item': 'Item', 'quantity': 'Quantity',
    'add.item': 'Add a line', 'urgent': 'Urgent medicine (needed within 30 minutes)', 'note': 'Note',
    'window.from': 'Meal from', 'window.to': 'Meal until', 'place.order': 'Place order', 'orders': 'Orders',
    'handoff.code': 'Handoff code (tell it to the volunteer at the door)', 'cancel': 'Cancel order',
    'placed': 'Order placed.', 'no.orders': 'No orders yet.', 'no.households': 'No household yet.',
    'not.sent': 'No answer from the service. Try again: the order will not be placed twice.',
    'console.title': 'Grid console', 'grid': 'Grid', 'board': 'Buildings', 'alerts': 'Alerts', 'no.alerts': 'No alerts.',
    'wechat.alerts': 'Alerts in WeChat', 'binding.get': 'Get a code to bind my WeChat', 'binding.code': 'Your code:',
    'binding.until': 'valid until', 'binding.hint': 'Enter it once in the Doorstep mini-program (网格员：接收提醒).',
    'my.messages': 'My messages', 'no.messages': 'No messages yet.', 'sent.by': 'sent by',
    'not.sent.why': 'not sent:', 'building': 'Building',
    'queue': 'Queue', 'no.queue': 'Nobody waiting.', 'runs': 'Runs', 'no.runs': 'No runs.', 'assign': 'Assign',
    'reassign': 'Give to', 'volunteer': 'Volunteer', 'override': 'Set a rule aside, because…',
    'make.run': 'Make the run', 'status': 'Status', 'reason': 'Reason', 'change.status': 'Change status',
    'distribution': 'Bulk distribution', 'name': 'Name', 'buildings': 'Buildings', 'start.distribution': 'Start',
    'behalf': 'Order for a household without a phone', 'enter.order': 'Enter order', 'brief': 'Daily brief',
    'queued': 'queued', 'oldest': 'oldest wait', 'urgent.count': 'urgent', 'gap': 'no volunteer can carry',
    'waiting': 'waiting', 'priority': '#', 'min': 'min', 'choose.building': 'Choose a building on the board.',
    'volunteer.title': 'My runs', 'on.duty': 'On duty', 'off.duty': 'Off duty', 'go.on': 'Go on duty',
    'go.off': 'Go off duty', 'pickup': 'I have the goods', 'code': 'Code from the resident', 'confirm': 'Confirm handoff',
    'failed': 'Could not hand over', 'mark.failed': 'Mark failed', 'why.NOBODY': 'Nobody answered',
    'why.ADDRESS': 'Wrong address', 'why.REFUSED': 'Refused', 'room': 'Room', 'phone': 'Phone', 'contact': 'Contact',
    'delivered': 'Handed over.', 'saved': 'Saved.', 'signin.title': 'Sign in (local demo)',
    'signin.hint': 'Choose who you are. This page exists on the local stack only.'
  },
  zh: {
    'app.title': '送达到门', 'sign.out': '退出', 'lang.switch': 'English',
    'resident.title': '我的订单', 'household': '住户', 'new.order': '新订单', 'category': '类别',
    'cat.FOOD': '食品', 'cat.MEDICINE': '药品', 'cat.MEAL': '餐食', 'item': '物品', 'quantity': '数量',
    'add.item': '再加一行', 'urgent': '急需药品（30分钟内）', 'note': '备注',
    'window.from': '送餐开始', 'window.to': '送餐结束', 'place.order': '下单', 'orders': '订单',
    'handoff.code': '交接码（告诉门口的志愿者）', 'cancel': '取消订单',
    'placed': '已下单。', 'no.orders': '还没有订单。', 'no.households': '还没有住户。',
    'not.sent': '服务没有应答。请再试一次：订单不会重复下。',
    'console.title': '网格工作台', 'grid': '网格', 'board': '楼栋', 'alerts': '提醒', 'no.alerts': '没有提醒。',
    'wechat.alerts': '微信提醒', 'binding.get': '获取绑定微信的验证码', 'binding.code': '您的验证码：',
    'binding.until': '有效至', 'binding.hint': '请在送达到门小程序（网格员：接收提醒）中输入一次。',
    'my.messages': '我的消息', 'no.messages': '还没有消息。', 'sent.by': '已发送，经', 'not.sent.why': '未发送：',
    'building': '楼栋',
    'queue': '排队', 'no.queue': '没有排队的订单。', 'runs': '配送任务', 'no.runs': '没有配送任务。', 'assign': '派单',
    'reassign': '改派给', 'volunteer': '志愿者', 'override': '例外派单的理由…',
    'make.run': '派出', 'status': '状态', 'reason': '原因', 'change.status': '更改状态',
    'distribution': '统一配送', 'name': '名称', 'buildings': '楼栋', 'start.distribution': '开始',
    'behalf': '为没有手机的住户下单', 'enter.order': '录入订单', 'brief': '每日简报',
    'queued': '排队', 'oldest': '最长等待', 'urgent.count': '急需', 'gap': '没有可派的志愿者',
    'waiting': '等待', 'priority': '序', 'min': '分钟', 'choose.building': '请在楼栋中选择一栋。',
    'volunteer.title': '我的配送', 'on.duty': '在岗', 'off.duty': '离岗', 'go.on': '上岗',
    'go.off': '离岗', 'pickup': '已取货', 'code': '住户的交接码', 'confirm': '确认交接',
    'failed': '无法交接', 'mark.failed': '标记失败', 'why.NOBODY': '无人应答',
    'why.ADDRESS': '地址有误', 'why.REFUSED': '拒收', 'room': '房间', 'phone': '电话', 'contact': '联系人',
    'delivered': '已交接。', 'saved': '已保存。', 'signin.title': '登录（本地演示）',
    'signin.hint': '选择你的身份。此页面只在本地环境中存在。'
  }
};
const STATUS = {
  en: { SEALED: 'Sealed', CONTROLLED: 'Controlled', PRECAUTION: 'Precaution', OPEN: 'Open', PLACED: 'Placed',
    QUEUED: 'Queued', ASSIGNED: 'Assigned', OUT_FOR_DELIVERY: 'Out for delivery', DELIVERED: 'Delivered',
    CANCELLED: 'Cancelled', FAILED: 'Failed', SELF_COLLECTION: 'Collect at the gate', PICKED_UP: 'Picked up',
    DONE: 'Done', REMOVED: 'Taken off' },
  zh: { SEALED: '封控', CONTROLLED: '管控', PRECAUTION: '防范', OPEN: '开放', PLACED: '已下单', QUEUED: '排队中',
    ASSIGNED: '已派单', OUT_FOR_DELIVERY: '配送中', DELIVERED: '已送达', CANCELLED: '已取消', FAILED: '失败',
    SELF_COLLECTION: '门口自取', PICKED_UP: '已取货', DONE: '完成', REMOVED: '已移出' }
};

export function lang() {
  const chosen = localStorage.getItem('doorstep.lang');
  if (chosen) return chosen;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
export function t(key) { return WORDS[lang()][key] || WORDS.en[key] || key; }
export function statusName(s) { return (STATUS[lang()] || STATUS.en)[s] || s; }

/** Fills every [data-t] element with its words, and every [data-t-label] input's aria-label. */
export function translate(root = document) {
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  root.querySelectorAll('[data-t]').forEach(e => { e.textContent = t(e.dataset.t); });
}

export function header(titleKey, onChange) {
  const who = session();
  const bar = document.querySelector('header');
  bar.innerHTML = '';
  bar.append(el('h1', { 'data-t': titleKey }),
    el('span', { class: 'muted', id: 'who' }, who ? who.label : ''),
    el('div', { class: 'row' },
      el('button', { class: 'secondary', id: 'lang', type: 'button', onclick: () => {
        localStorage.setItem('doorstep.lang', lang() === 'zh' ? 'en' : 'zh'); translate(); onChange && onChange();
      } }, ''),
      el('button', { class: 'secondary', id: 'signout', type: 'button', 'data-t': 'sign.out', onclick: () => {
        sessionStorage.removeItem('doorstep.session'); location.href = '/signin?next=' + encodeURIComponent(location.pathname);
      } })));
  const langButton = document.getElementById('lang');
  const refreshLangButton = () => { langButton.textContent = t('lang.switch'); };
  refreshLangButton();
  langButton.addEventListener('click', refreshLangButton);
  translate();
}

/** The signed-in person ({token, role, subject, grids, label}), or off to the sign-in page. */
export function session() {
  const raw = sessionStorage.getItem('doorstep.session');
  if (!raw) {
    location.href = '/signin?next=' + encodeURIComponent(location.pathname);
    return null;
  }
  return JSON.parse(raw);
}

let servicesPromise;
export function services() {
  servicesPromise = servicesPromise || fetch('/ui/services').then(r => r.json());
  return servicesPromise;
}

/** Calls a service (order, dispatch, volunteer) as the signed-in person; resolves to {ok, status, body}. */
export async function api(service, path, options = {}) {
  const base = (await services())[service];
  const headers = { 'Authorization': 'Bearer ' + session().token };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  Object.assign(headers, options.headers || {});
  const response = await fetch(base + path, { method: options.method || 'GET', headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  if (response.status === 401) {
    sessionStorage.removeItem('doorstep.session');
    location.href = '/signin?next=' + encodeURIComponent(location.pathname);
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = text; }
  return { ok: response.ok, status: response.status, body };
}

/** A problem's sentence for a person, or a generic one. */
export function problem(result) {
  return (result.body && result.body.detail) || ('Error ' + result.status);
}

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  if (attrs && attrs['data-t']) e.textContent = t(attrs['data-t']);
  return e;
}

export function say(target, text, kind = 'ok') {
  const box = typeof target === 'string' ? document.getElementById(target) : target;
  box.innerHTML = '';
  if (text) box.append(el('div', { class: 'message ' + kind, role: kind === 'error' ? 'alert' : 'status' }, text));
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB',
    { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '';
}

export function minutes(seconds) { return Math.round((seconds || 0) / 60) + ' ' + t('min'); }

const drawn = {};

/**
 * Whether a self-refreshing list has something new to show (or the language changed). Redrawing an unchanged list
 * would swap the buttons and fields under the person's finger, and a screen reader's place, every few seconds.
 */
export function changed(list, data) {
  const shown = lang() + JSON.stringify(data);
  if (drawn[list] === shown) return false;
  drawn[list] = shown;
  return true;
}

/** Calls refresh now and every few seconds while the page is open. */
export function every(seconds, refresh) {
  refresh();
  return setInterval(refresh, seconds * 1000);
}
