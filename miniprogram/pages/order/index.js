// One order: its state and every step with its time, the handoff code to tell the volunteer, and cancelling while
// nobody has picked it up.
const api = require('../../utils/api.js');
const words = require('../../utils/words.js');

const CANCELLABLE = ['PLACED', 'QUEUED', 'ASSIGNED', 'SELF_COLLECTION'];
const OVER = ['DELIVERED', 'CANCELLED', 'FAILED'];

Component({
  data: { w: words.all(), order: null, message: '', ok: false, busy: false },
  methods: {
    onLoad(query) {
      // ?orderId= as a WeChat message about the order opens it, ?id= from the mini-program's own pages; a message
      // about a building (?buildingId=) has no order to show, and is read in the message list. (Not this.id: that is
      // the page's element id, which keeps undefined as "undefined".)
      this.orderId = query.id || query.orderId;
      if (!this.orderId) return wx.redirectTo({ url: '/pages/messages/index' });
      return this.refresh();
    },
    onPullDownRefresh() { return this.refresh().then(() => wx.stopPullDownRefresh()); },
    show(order) {
      this.setData({
        order, categoryName: words.t('cat.' + order.category), statusName: words.statusName(order.status),
        itemsText: order.items.map(i => i.name + ' × ' + i.quantity).join(', '),
        showCode: !!order.handoffCode && !OVER.includes(order.status),
        cancellable: CANCELLABLE.includes(order.status),
        history: order.history.map(h => ({ when: words.time(h.at), status: words.statusName(h.status), note: h.note }))
      });
    },
    async refresh() {
      try {
        this.show(await api.call('order', { params: { id: this.orderId } }));
      } catch (e) {
        this.setData({ message: e.message, ok: false });
      }
    },
    async cancel() {
      if (this.data.busy) return;
      this.setData({ busy: true, message: '' });
      try {
        this.show(await api.call('cancelOrder', { params: { id: this.orderId } }));
        this.setData({ message: words.t('cancelled'), ok: true });
      } catch (e) {
        this.setData({ message: e.message, ok: false });
        await this.refresh();
      } finally {
        this.setData({ busy: false });
      }
    }
  }
});
