// The signed-in person's messages, newest first (GET /api/me/notifications: a resident's at order-service, a
// volunteer's at volunteer-service): what happened, when, by WeChat or SMS, and for one not sent, why not. This list
// is where a message WeChat could not carry (no consent, held, given up) is read. A message about an order opens it.
const api = require('../../utils/api.js');
const words = require('../../utils/words.js');

const OPERATION = { RESIDENT: 'residentNotifications', VOLUNTEER: 'volunteerNotifications' };

/** What the message is about: the order, the building or the run, by number. */
function about(m) {
  if (m.orderId !== null && m.orderId !== undefined) return words.t('msg.order') + ' #' + m.orderId;
  if (m.buildingId !== null && m.buildingId !== undefined) return words.t('msg.building') + ' #' + m.buildingId;
  if (m.runId !== null && m.runId !== undefined) return words.t('msg.run') + ' #' + m.runId;
  return '';
}

function line(m, index, role) {
  return {
    key: index, what: words.kindName(m.kind), about: about(m), when: words.time(m.at),
    channel: words.t(m.channel ? 'channel.' + m.channel : 'channel.none'),
    sent: !!m.sent, state: words.t(m.sent ? 'msg.sent' : 'msg.notSent'), reason: m.reason || '',
    // A message that found no consent says how to get the next one by WeChat.
    hint: !m.sent && /^no consent/.test(m.reason || '') ? words.t('msg.noConsent.' + role) : '',
    orderId: role === 'RESIDENT' && m.orderId ? m.orderId : null
  };
}

Component({
  data: { w: words.all(), messages: [], loaded: false, message: '' },
  methods: {
    onShow() { return this.refresh(); },
    onPullDownRefresh() { return this.refresh().then(() => wx.stopPullDownRefresh()); },
    async refresh() {
      const signedIn = api.storedSession();
      const role = signedIn && signedIn.role === 'VOLUNTEER' ? 'VOLUNTEER' : 'RESIDENT';
      try {
        const list = await api.call(OPERATION[role]);
        // The services answer newest first; kept so whatever the order the answer came in.
        const newest = list.slice().sort((a, b) => new Date(b.at) - new Date(a.at));
        this.setData({ messages: newest.map((m, i) => line(m, i, role)), loaded: true, message: '' });
      } catch (e) {
        this.setData({ message: e.message });
      }
    },
    open(e) {
      const id = e.currentTarget.dataset.order;
      if (id) wx.navigateTo({ url: '/pages/order/index?id=' + id });
    }
  }
});
