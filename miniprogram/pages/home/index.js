// A resident's home: their households, and the orders of the one chosen with each order's state and since when.
const api = require('../../utils/api.js');
const words = require('../../utils/words.js');

function card(order) {
  const last = (order.history || [])[order.history.length - 1];
  return {
    id: order.id, urgent: order.urgent, categoryName: words.t('cat.' + order.category),
    statusName: words.statusName(order.status), since: words.time(last ? last.at : order.placedAt),
    itemsText: (order.items || []).map(i => i.name + ' × ' + i.quantity).join(', ')
  };
}

Component({
  data: { w: words.all(), households: [], selected: null, orders: [], message: '', loaded: false },
  methods: {
    onShow() { return this.refresh(); },
    async refresh() {
      try {
        const households = await api.call('households');
        const selected = households.some(h => h.id === this.data.selected) ? this.data.selected
          : (households[0] ? households[0].id : null);
        this.setData({ households, selected, loaded: true, message: '' });
        await this.loadOrders();
      } catch (e) {
        this.setData({ message: e.message });
      }
    },
    async loadOrders() {
      if (!this.data.selected) return this.setData({ orders: [] });
      const orders = await api.call('orders', { query: { householdId: this.data.selected } });
      orders.sort((a, b) => (b.placedAt || '').localeCompare(a.placedAt || '') || b.id - a.id);
      this.setData({ orders: orders.map(card) });
    },
    async choose(e) {
      this.setData({ selected: e.currentTarget.dataset.id });
      try { await this.loadOrders(); } catch (err) { this.setData({ message: err.message }); }
    },
    register() { wx.navigateTo({ url: '/pages/household/index' }); },
    edit() { wx.navigateTo({ url: '/pages/household/index?id=' + this.data.selected }); },
    newOrder() { wx.navigateTo({ url: '/pages/order-new/index?householdId=' + this.data.selected }); },
    mealPlans() { wx.navigateTo({ url: '/pages/mealplans/index?householdId=' + this.data.selected }); },
    messages() { wx.navigateTo({ url: '/pages/messages/index' }); },
    open(e) { wx.navigateTo({ url: '/pages/order/index?id=' + e.currentTarget.dataset.id }); },
    signOut() {
      api.signOut();
      wx.reLaunch({ url: '/pages/signin/index' });
    }
  }
});
