// A new order for a household: food, medicine (urgent or not) or a meal in a window, with its items. The draft keeps
// one Idempotency-Key until an answer arrives, and the button is off while the request is on its way, so neither a
// retry nor a double tap places the order twice. The tap also asks the resident to allow WeChat messages about the
// order (delivered and failed first, then assigned), alongside the order and never in its way.
const api = require('../../utils/api.js');
const consent = require('../../utils/consent.js');
const words = require('../../utils/words.js');

function at(day, hhmm) {
  const d = new Date();
  d.setDate(d.getDate() + day);
  const [h, m] = hhmm.split(':').map(Number);
  d.setHours(h, m, 0, 0);
  return words.isoWithOffset(d);
}

Component({
  data: {
    w: words.all(), householdId: null, category: 'FOOD',
    categories: ['FOOD', 'MEDICINE', 'MEAL'].map(value => ({ value, name: words.t('cat.' + value) })),
    items: [{ name: '', quantity: '1' }], urgent: false, note: '', day: 0, windowFrom: '11:30', windowTo: '12:30',
    placing: false, message: ''
  },
  lifetimes: {
    created() { this.keys = api.draftKeys(); }
  },
  methods: {
    onLoad(query) { this.setData({ householdId: Number(query.householdId) }); },
    /** The templates to ask for, read before the tap: WeChat asks only in a tap, which cannot wait for them. */
    async onShow() {
      this.consentIds = consent.choose((await consent.read('RESIDENT')).templates, 'order');
    },
    chooseCategory(e) { this.setData({ category: e.currentTarget.dataset.value }); },
    chooseDay(e) { this.setData({ day: Number(e.currentTarget.dataset.day) }); },
    timeChosen(e) { this.setData({ [e.currentTarget.dataset.field]: e.detail.value }); },
    itemTyped(e) {
      const { index, field } = e.currentTarget.dataset;
      this.setData({ ['items[' + index + '].' + field]: e.detail.value });
    },
    addItem() { this.setData({ items: this.data.items.concat([{ name: '', quantity: '1' }]) }); },
    urgentChanged(e) { this.setData({ urgent: !!e.detail.value }); },
    noteTyped(e) { this.setData({ note: e.detail.value }); },
    body() {
      const d = this.data;
      const body = {
        householdId: d.householdId, category: d.category,
        items: d.items.filter(i => i.name.trim()).map(i => ({ name: i.name.trim(), quantity: Number(i.quantity) || 1 })),
        urgent: d.category === 'MEDICINE' && d.urgent, note: d.note.trim() || null
      };
      if (d.category === 'MEAL') body.deliveryWindow = { from: at(d.day, d.windowFrom), to: at(d.day, d.windowTo) };
      return body;
    },
    async place() {
      if (this.data.placing) return; // a second tap while the first is on its way
      const body = this.body();
      if (!body.items.length) return this.setData({ message: words.t('error.noItems') });
      // Asked now, in the tap, while the order goes; its answer is reported whatever becomes of the order.
      const asked = consent.ask(this.consentIds);
      asked.then(answers => consent.report('RESIDENT', answers));
      this.setData({ placing: true, message: '' });
      try {
        const order = await api.call('placeOrder', { body, headers: { 'Idempotency-Key': this.keys.keyFor(body) } });
        this.keys.done();
        await asked; // WeChat's box is closed before the page moves on
        wx.redirectTo({ url: '/pages/order/index?id=' + order.id });
      } catch (e) {
        // An answer that never came leaves the order perhaps placed: the same key on the next tap says which.
        this.setData({ message: e.offline ? words.t('not.sent') : e.message });
        if (!e.offline && e.status !== 503) this.keys.done();
      } finally {
        this.setData({ placing: false });
      }
    }
  }
});
