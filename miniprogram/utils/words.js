// What the mini-program says, Chinese first with English after it, as the web pages say it (common's ui/doorstep.js).
const WORDS = {
  'app.title': ['送达到门', 'Doorstep'],
  'signin.title': ['登录', 'Sign in'],
  'signin.resident': ['我是居民', 'I am a resident'],
  'signin.volunteer': ['我是志愿者', 'I am a volunteer'],
  'signin.wechat': ['微信登录', 'Sign in with WeChat'],
  'signin.binding': ['绑定码（第一次登录时填写，向网格员索取）', 'Binding code (first sign-in only, from your grid worker)'],
  'signin.token': ['本地令牌（本地演示环境）', 'Local token (local demo stack)'],
  'signin.useToken': ['用令牌登录', 'Sign in with the token'],
  'sign.out': ['退出', 'Sign out'],
  'households': ['我的住户', 'My households'],
  'no.households': ['还没有住户，请先登记。', 'No household yet: register one first.'],
  'household.register': ['登记住户', 'Register a household'],
  'household.edit': ['修改住户信息', 'Edit the household'],
  'household.saved': ['已保存。', 'Saved.'],
  'compound': ['小区', 'Compound'],
  'compound.search': ['小区名称里的字', 'Part of the compound\'s name'],
  'search': ['查找', 'Find'],
  'compound.none': ['没有名称里有这些字的小区。', 'No compound has that in its name.'],
  'compound.more': ['只列出前{n}个小区：输入名称里的字来查找。', 'Only the first {n} compounds are listed: type part of the name to find yours.'],
  'building': ['楼栋', 'Building'],
  'choose': ['请选择', 'Choose'],
  'room': ['房间', 'Room'],
  'people': ['住几个人', 'People living there'],
  'contactName': ['联系人', 'Contact'],
  'phone': ['电话', 'Phone'],
  'vulnerabilities': ['需要照顾的情况', 'Needs special care'],
  'vul.ELDERLY_ALONE': ['独居老人', 'Elderly living alone'],
  'vul.CHILD_IN_DIFFICULTY': ['困境儿童', 'Child in difficulty'],
  'vul.DISABLED': ['残障', 'Disabled'],
  'vul.LOW_INCOME': ['低收入', 'Low income'],
  'vul.CHRONIC_ILLNESS': ['慢性病', 'Chronic illness'],
  'vul.PREGNANT': ['孕妇', 'Pregnant'],
  'save': ['保存', 'Save'],
  'orders': ['订单', 'Orders'],
  'no.orders': ['还没有订单。', 'No orders yet.'],
  'new.order': ['新订单', 'New order'],
  'category': ['类别', 'What'],
  'cat.FOOD': ['食品', 'Food'],
  'cat.MEDICINE': ['药品', 'Medicine'],
  'cat.MEAL': ['餐食', 'Meal'],
  'item': ['物品', 'Item'],
  'quantity': ['数量', 'Quantity'],
  'add.item': ['再加一行', 'Add a line'],
  'urgent': ['急需药品（30分钟内）', 'Urgent medicine (needed within 30 minutes)'],
  'note': ['备注', 'Note'],
  'window.day': ['送餐日期', 'Meal day'],
  'window.from': ['送餐开始', 'Meal from'],
  'window.to': ['送餐结束', 'Meal until'],
  'place.order': ['下单', 'Place order'],
  'placing': ['正在下单…', 'Placing…'],
  'placed': ['已下单。', 'Order placed.'],
  'not.sent': ['服务没有应答。请再试一次：订单不会重复下。', 'No answer from the service. Try again: the order will not be placed twice.'],
  'handoff.code': ['交接码（告诉门口的志愿者）', 'Handoff code (tell it to the volunteer at the door)'],
  'history': ['进度', 'Progress'],
  'cancel': ['取消订单', 'Cancel order'],
  'cancelled': ['订单已取消。', 'Order cancelled.'],
  'meal.plans': ['餐食计划', 'Meal plans'],
  'no.plans': ['还没有餐食计划。', 'No meal plans yet.'],
  'plan.start': ['开始新计划', 'Start a plan'],
  'plan.days': ['哪几天', 'Days'],
  'plan.pause': ['暂停', 'Pause'],
  'plan.resume': ['恢复', 'Resume'],
  'plan.end': ['结束', 'End'],
  'day.MONDAY': ['周一', 'Mon'], 'day.TUESDAY': ['周二', 'Tue'], 'day.WEDNESDAY': ['周三', 'Wed'],
  'day.THURSDAY': ['周四', 'Thu'], 'day.FRIDAY': ['周五', 'Fri'], 'day.SATURDAY': ['周六', 'Sat'],
  'day.SUNDAY': ['周日', 'Sun'],
  'today': ['今天', 'Today'],
  'tomorrow': ['明天', 'Tomorrow'],
  'runs': ['我的配送', 'My runs'],
  'no.runs': ['没有配送任务。', 'No runs.'],
  'on.duty': ['在岗', 'On duty'],
  'off.duty': ['离岗', 'Off duty'],
  'go.on': ['上岗', 'Go on duty'],
  'go.off': ['离岗', 'Go off duty'],
  'pickup': ['已取货', 'I have the goods'],
  'code': ['住户的交接码', 'Code from the resident'],
  'confirm': ['确认交接', 'Confirm handoff'],
  'failed': ['无法交接', 'Could not hand over'],
  'mark.failed': ['标记失败', 'Mark failed'],
  'why.NOBODY': ['无人应答', 'Nobody answered'],
  'why.ADDRESS': ['地址有误', 'Wrong address'],
  'why.REFUSED': ['拒收', 'Refused'],
  'waiting': ['等待发送', 'Waiting to send'],
  'waiting.hint': ['没有信号：有信号时会自动按顺序发送。', 'No signal: sent by itself, in order, when the signal returns.'],
  'refused': ['没有被接受', 'Not accepted'],
  'retry': ['重新发送', 'Send again'],
  'delivered': ['已交接。', 'Handed over.'],
  'saved': ['已保存。', 'Saved.'],
  'error.offline': ['没有网络连接，请稍后再试。', 'No connection: try again in a moment.'],
  'error.signedOut': ['登录已过期，请重新登录。', 'Your sign-in has run out: please sign in again.'],
  'error.busy': ['服务繁忙，请稍后再试。', 'The service is busy: try again in a moment.'],
  'error.other': ['出错了，请再试一次。', 'Something went wrong: try again.'],
  'error.wechat': ['微信登录没有成功，请再试一次。', 'WeChat sign-in did not work: try again.'],
  'error.badToken': ['这不是居民或志愿者的令牌。', 'This is not a resident\'s or a volunteer\'s token.'],
  'error.expiredToken': ['这个令牌已经过期。', 'This token has expired.'],
  'error.noItems': ['请至少填写一样物品。', 'Name at least one item.'],
  'error.noBuilding': ['请选择楼栋。', 'Choose a building.'],
  'messages': ['消息', 'Messages'],
  'no.messages': ['还没有消息。', 'No messages yet.'],
  'msg.order': ['订单', 'Order'],
  'msg.building': ['楼栋', 'Building'],
  'msg.run': ['配送', 'Run'],
  'msg.sent': ['已发送', 'Sent'],
  'msg.notSent': ['未发送', 'Not sent'],
  'channel.WECHAT': ['微信', 'WeChat'],
  'channel.SMS': ['短信', 'SMS'],
  'channel.none': ['只在这里', 'Only here'],
  'msg.noConsent.RESIDENT': ['下单时在微信弹窗里点“允许”，才能收到微信消息。', 'Tap "Allow" in WeChat\'s box when you order to get WeChat messages.'],
  'msg.noConsent.VOLUNTEER': ['点“接收配送提醒”并允许，才能收到微信提醒。', 'Tap "Receive run calls" and allow them to get WeChat calls.'],
  'run.calls': ['接收配送提醒', 'Receive run calls'],
  'calls.left': ['还能收到的微信提醒', 'WeChat calls left'],
  'calls.saved': ['已记下，可以收到提醒了。', 'Noted: you will get the calls.'],
  'calls.none': ['没有允许：收不到微信提醒，请在消息里查看。', 'Not allowed: no WeChat calls, read them in Messages.'],
  'gw.link': ['网格员：接收提醒', 'Grid worker: receive alerts'],
  'gw.title': ['网格员：接收微信提醒', 'Grid worker: WeChat alerts'],
  'gw.code': ['绑定码（在控制台获取，只在第一次填写）', 'Binding code (from the console, first time only)'],
  'gw.bind': ['绑定并接收提醒', 'Bind and receive alerts'],
  'gw.topUp': ['再接收几条提醒', 'Receive more alerts'],
  'gw.bound': ['已绑定 {who}', 'Bound as {who}'],
  'gw.left': ['还能收到的微信提醒', 'WeChat alerts left'],
  'gw.saved': ['已绑定，提醒会发到这个微信。', 'Bound: alerts come to this WeChat.'],
  'gw.wrongCode': ['绑定码不对、已用过或已过期：请在控制台重新获取。', 'The binding code is wrong, used or expired: get a new one in the console.'],
  'gw.notBound': ['这个微信还没有绑定：请填写控制台里的绑定码。', 'This WeChat is not bound yet: enter the binding code from the console.'],
  'gw.busy': ['微信繁忙，请稍后再试。', 'WeChat is busy: try again in a moment.'],
  'gw.noTemplates': ['还没有配置提醒模板：绑定后提醒只在控制台显示。', 'No alert templates are set up yet: alerts stay in the console.']
};

// What a message is about, by kind (the services' Kind, Call and grid alerts), in the words the messages say.
const KINDS = {
  ASSIGNED: ['已安排志愿者', 'A volunteer is assigned'],
  OUT_FOR_DELIVERY: ['正在配送', 'On its way'],
  DELIVERED: ['已送到门口', 'At your door'],
  FAILED: ['未能送达', 'Could not be delivered'],
  BUILDING_SEALED: ['楼栋封控', 'Building sealed'],
  BUILDING_CONTROLLED: ['楼栋管控', 'Building controlled'],
  BUILDING_PRECAUTION: ['楼栋防范', 'Building on precaution'],
  BUILDING_OPEN: ['楼栋解封', 'Building open'],
  NEW_RUN: ['新的配送任务', 'A new run'],
  URGENT_ORDER: ['加急订单加入您的任务', 'An urgent order added to your run'],
  RUN_TAKEN_BACK: ['配送任务已撤回', 'A run taken back'],
  TEST_DUE: ['核酸检测即将过期', 'Your test is about to run out'],
  URGENT_OVERDUE: ['急需药品超时未送达', 'Urgent medicine overdue'],
  HANDOFF_FAILED: ['交接失败', 'A handoff failed'],
  RESIDENT_NOT_REACHED: ['联系不上的住户', 'A resident not reached'],
  HANDOFF_LOCKED: ['交接被锁定', 'A handoff locked'],
  COVERAGE_GAP: ['楼栋无人配送', 'A building nobody can serve'],
  EVENT_SET_ASIDE: ['有事件未能处理', 'An event set aside']
};

const STATUS = {
  PLACED: ['已下单', 'Placed'], QUEUED: ['排队中', 'Queued'], ASSIGNED: ['已派单', 'Assigned'],
  OUT_FOR_DELIVERY: ['配送中', 'Out for delivery'], DELIVERED: ['已送达', 'Delivered'],
  CANCELLED: ['已取消', 'Cancelled'], FAILED: ['失败', 'Failed'], SELF_COLLECTION: ['门口自取', 'Collect at the gate'],
  PICKED_UP: ['已取货', 'Picked up'], DONE: ['完成', 'Done'], REMOVED: ['已移出', 'Taken off'],
  SEALED: ['封控', 'Sealed'], CONTROLLED: ['管控', 'Controlled'], PRECAUTION: ['防范', 'Precaution'], OPEN: ['开放', 'Open'],
  ACTIVE: ['进行中', 'Active'], PAUSED: ['已暂停', 'Paused'], ENDED: ['已结束', 'Ended']
};

function both(pair) { return pair[0] + ' ' + pair[1]; }

/** The words for a key, Chinese then English. */
function t(key) { return WORDS[key] ? both(WORDS[key]) : key; }

function statusName(status) { return STATUS[status] ? both(STATUS[status]) : status; }

function kindName(kind) { return KINDS[kind] ? both(KINDS[kind]) : kind; }

/** The words for a key with each {name} filled in: fill('gw.bound', {who: 'w1'}). */
function fill(key, values) {
  return Object.keys(values).reduce((text, name) => text.split('{' + name + '}').join(String(values[name])), t(key));
}

/** Every word at once, for a page's data: {{w['place.order']}} in WXML. */
function all() {
  const out = {};
  Object.keys(WORDS).forEach(k => { out[k] = both(WORDS[k]); });
  return out;
}

function pad(n) { return String(n).padStart(2, '0'); }

/** A time as a person reads it on the phone: 12-03 16:05. */
function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
}

/** ISO-8601 with the phone's offset, as the services take times: 2026-12-03T16:05:09.120+08:00. */
function isoWithOffset(date) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const local = new Date(date.getTime() + offset * 60000).toISOString().slice(0, -1);
  return local + sign + pad(Math.floor(Math.abs(offset) / 60)) + ':' + pad(Math.abs(offset) % 60);
}

module.exports = { t, statusName, kindName, fill, all, time, isoWithOffset };
