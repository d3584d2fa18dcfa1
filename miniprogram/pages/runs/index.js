// A volunteer's runs: the doors of each (room, contact, masked phone), picking up, confirming each handoff with the
// resident's code or marking it failed, going on and off duty. Handoffs go through the outbox, so one confirmed
// without signal is kept, shown as waiting to send, and leaves when the signal returns. Going on duty, or the
// "receive run calls" button, asks in the tap to allow WeChat run calls (urgent first), told to volunteer-service.
const api = require('../../utils/api.js');
const consent = require('../../utils/consent.js');
const outbox = require('../../utils/outbox.js');
const words = require('../../utils/words.js');

const REASONS = ['NOBODY', 'ADDRESS', 'REFUSED'];

Component({
  data: {
    w: words.all(), runs: [], refused: [], onDuty: null, typed: {}, busy: false, message: '', ok: false,
    callsLeft: [], canCall: false,
    reasons: REASONS.map(value => ({ value, name: words.t('why.' + value) }))
  },
  lifetimes: {
    attached() {
      // Something sent while the page is open (the signal came back): the runs as dispatch now has them.
      let held = outbox.list().length;
      this.stopWatching = outbox.watch(entries => {
        const sent = entries.length < held;
        held = entries.length;
        if (sent) this.refresh(); else this.draw();
      });
    },
    detached() {
      if (this.stopWatching) this.stopWatching();
    }
  },
  methods: {
    onShow() {
      outbox.start();
      outbox.flush();
      return Promise.all([this.refreshDuty(), this.refresh(), this.refreshCalls()]);
    },
    onPullDownRefresh() { return this.onShow().then(() => wx.stopPullDownRefresh()); },
    me() {
      const session = api.session();
      return session ? session.subject : null;
    },
    messages() { wx.navigateTo({ url: '/pages/messages/index' }); },
    signOut() {
      api.signOut();
      wx.reLaunch({ url: '/pages/signin/index' });
    },
    say(message, ok) { this.setData({ message, ok: !!ok }); },
    async refreshDuty() {
      try {
        const volunteer = await api.call('volunteer', { params: { id: this.me() } });
        this.setData({ onDuty: volunteer.onDuty });
      } catch (e) {
        this.say(e.message);
      }
    },
    /** The run-call templates to ask for (read before a tap: WeChat asks only in one) and the calls left. */
    async refreshCalls() {
      this.showCalls(await consent.read('VOLUNTEER'));
    },
    showCalls(subscriptions) {
      this.consentIds = consent.choose(subscriptions.templates, 'runCalls');
      this.setData({ canCall: this.consentIds.length > 0, callsLeft: consent.left(subscriptions, 'runCalls') });
    },
    /** Asks, in the tap, to allow run calls; resolves when volunteer-service has the answer (or it is given up). */
    askForCalls() {
      return consent.ask(this.consentIds).then(async answers => {
        const now = await consent.report('VOLUNTEER', answers);
        if (now) this.showCalls(now);
        return answers;
      });
    },
    async receiveCalls() {
      const answers = await this.askForCalls();
      const allowed = answers && Object.keys(answers).some(id => answers[id] === 'accept');
      this.say(words.t(allowed ? 'calls.saved' : 'calls.none'), allowed);
    },
    async toggleDuty() {
      // Going on duty is when the calls matter: asked in the tap, and never in the way of the duty change.
      if (!this.data.onDuty) this.askForCalls();
      this.setData({ busy: true });
      try {
        const volunteer = await api.call('duty', { params: { id: this.me() }, body: { onDuty: !this.data.onDuty } });
        this.setData({ onDuty: volunteer.onDuty });
        this.say(words.t('saved'), true);
      } catch (e) {
        this.say(e.message);
      } finally {
        this.setData({ busy: false });
      }
    },
    async refresh() {
      try {
        const runs = await api.call('runs', { query: { volunteerId: this.me() } });
        // What is still to carry, then the last few done.
        this.runs = runs.filter(r => r.status !== 'DONE').concat(runs.filter(r => r.status === 'DONE').slice(0, 3));
      } catch (e) {
        // Without signal the runs last seen stay on screen: the doors are what the volunteer needs in the stairwell.
        this.say(e.message);
      }
      this.draw();
    },
    /** Runs as last fetched, with what the outbox holds laid over them. */
    draw() {
      const held = outbox.list();
      const waiting = held.filter(e => e.state === 'WAITING').map(e => e.orderId);
      const runs = (this.runs || []).map(run => ({
        id: run.id, status: run.status, statusName: words.statusName(run.status),
        stops: run.orders.filter(o => o.status !== 'REMOVED').map(o => ({
          orderId: o.orderId, status: o.status, statusName: words.statusName(o.status), room: o.room,
          contactName: o.contactName, phone: o.phone, waiting: waiting.includes(o.orderId),
          canHandOff: run.status === 'PICKED_UP' && o.status === 'PICKED_UP'
            && !held.some(e => e.orderId === o.orderId)
        }))
      }));
      this.setData({ runs, refused: held.filter(e => e.state === 'REFUSED') });
    },
    typedCode(e) { this.setData({ ['typed.' + e.currentTarget.dataset.slot]: e.detail.value }); },
    async pickup(e) {
      this.setData({ busy: true });
      try {
        await api.call('pickup', { params: { id: e.currentTarget.dataset.id } });
        this.say(words.t('saved'), true);
      } catch (err) {
        this.say(err.message);
      } finally {
        this.setData({ busy: false });
      }
      await this.refresh();
    },
    async confirm(e) {
      const { run, order } = e.currentTarget.dataset;
      const code = (this.data.typed['c' + order] || '').trim();
      if (!code) return;
      this.setData({ ['typed.c' + order]: '' });
      outbox.confirm(run, order, code);
      await this.settle('delivered');
    },
    async markFailed(e) {
      const { run, order, reason } = e.currentTarget.dataset;
      outbox.fail(run, order, reason);
      await this.settle('saved');
    },
    async retry(e) {
      const { key, order } = e.currentTarget.dataset;
      const code = this.data.typed['re' + order];
      this.setData({ ['typed.re' + order]: '' });
      outbox.retry(key, code);
      await this.settle('delivered');
    },
    async giveUp(e) {
      outbox.markFailed(e.currentTarget.dataset.key, e.currentTarget.dataset.reason);
      await this.settle('saved');
    },
    /** After the outbox has tried to send: the runs again if it got through, else what waits stays shown. */
    async settle(done) {
      this.draw();
      await outbox.flush();
      const left = outbox.list();
      if (!left.length) {
        this.say(words.t(done), true);
        await this.refresh();
      } else {
        this.draw();
      }
    }
  }
});
