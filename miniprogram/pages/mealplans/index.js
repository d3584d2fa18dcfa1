// A household's meal plans: a meal on chosen days in a window, made into an order each day by order-service; paused,
// resumed or ended here.
const api = require('../../utils/api.js');
const words = require('../../utils/words.js');

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

function dayChoices(chosen) {
  return DAYS.map(value => ({ value, name: words.t('day.' + value), checked: chosen.includes(value) }));
}

function card(plan) {
  return {
    id: plan.id, status: plan.status, statusName: words.statusName(plan.status),
    windowStart: String(plan.windowStart).slice(0, 5), windowEnd: String(plan.windowEnd).slice(0, 5),
    daysText: DAYS.filter(d => plan.days.includes(d)).map(d => words.t('day.' + d)).join(' '),
    itemsText: plan.items.map(i => i.name + ' × ' + i.quantity).join(', ')
  };
}

Component({
  data: {
    w: words.all(), householdId: null, plans: [], days: [], dayChoices: dayChoices([]), windowStart: '11:30',
    windowEnd: '12:30', item: '', quantity: '1', note: '', busy: false, message: '', ok: false
  },
  methods: {
    onLoad(query) {
      this.setData({ householdId: Number(query.householdId) });
      return this.refresh();
    },
    async refresh() {
      try {
        const plans = await api.call('mealPlans', { query: { householdId: this.data.householdId } });
        this.setData({ plans: plans.map(card) });
      } catch (e) {
        this.setData({ message: e.message, ok: false });
      }
    },
    daysChosen(e) { this.setData({ days: e.detail.value, dayChoices: dayChoices(e.detail.value) }); },
    timeChosen(e) { this.setData({ [e.currentTarget.dataset.field]: e.detail.value }); },
    typed(e) { this.setData({ [e.currentTarget.dataset.field]: e.detail.value }); },
    async run(work, done) {
      if (this.data.busy) return;
      this.setData({ busy: true, message: '' });
      try {
        await work();
        this.setData({ message: words.t(done), ok: true });
      } catch (e) {
        this.setData({ message: e.message, ok: false });
      } finally {
        this.setData({ busy: false });
      }
      await this.refresh();
    },
    act(e) {
      const { id, op } = e.currentTarget.dataset;
      return this.run(() => api.call(op, { params: { id } }), 'saved');
    },
    start() {
      const d = this.data;
      if (!d.item.trim()) return this.setData({ message: words.t('error.noItems'), ok: false });
      return this.run(() => api.call('startMealPlan', { body: {
        householdId: d.householdId, days: d.days, windowStart: d.windowStart, windowEnd: d.windowEnd,
        items: [{ name: d.item.trim(), quantity: Number(d.quantity) || 1 }], note: d.note.trim() || null
      } }), 'saved');
    }
  }
});
