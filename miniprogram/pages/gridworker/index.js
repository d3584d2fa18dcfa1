// A grid worker's WeChat, bound to receive their alerts (issue 15). No sign-in: the grid worker types the one-time
// binding code the console gave them and taps once; the tap asks WeChat's consent for the alert templates (urgent
// medicine overdue, a failed handoff, a resident not reached first; three at most), then wx.login's code goes with the
// binding code and the answers to dispatch-service (POST /api/grid-workers/wechat). A later visit taps without a code
// to allow more alerts: each "allow" is one alert.
const api = require('../../utils/api.js');
const consent = require('../../utils/consent.js');
const words = require('../../utils/words.js');

/** Whom this WeChat was last bound as, kept to greet them on the next visit (the service decides, not this). */
const KEY = 'doorstep.gridworker';

Component({
  data: {
    w: words.all(), bindingCode: '', gridWorker: null, boundAs: '', left: [], noTemplates: false, busy: false,
    message: '', ok: false
  },
  methods: {
    async onShow() {
      this.bound((wx.getStorageSync(KEY) || {}).gridWorker || null);
      try {
        // Read before the tap: WeChat asks for consent only in a tap, which cannot wait for them.
        const answer = await api.call('gridWorkerTemplates', { auth: false, retry: false });
        this.templates = (answer && answer.templates) || {};
        this.setData({ noTemplates: !Object.keys(this.templates).length });
      } catch (e) {
        this.templates = {};
      }
    },
    bound(gridWorker) {
      this.setData({ gridWorker, boundAs: gridWorker ? words.fill('gw.bound', { who: gridWorker }) : '' });
    },
    codeTyped(e) { this.setData({ bindingCode: e.detail.value }); },
    async bind() {
      if (this.data.busy) return;
      const asked = consent.ask(consent.choose(this.templates, 'gridWorker'));
      const bindingCode = this.data.bindingCode.trim();
      this.setData({ busy: true, message: '' });
      try {
        const subscriptions = await asked;
        // A 503 (WeChat busy) bound nothing: tried again, each time with a new wx.login code. A lost answer is not:
        // the binding code may have been used by it.
        const answer = await api.withLoginCode(code => {
          const body = { code };
          if (bindingCode) body.bindingCode = bindingCode;
          if (subscriptions) body.subscriptions = subscriptions;
          return api.call('gridWorkerWeChat', { body, auth: false, retry: false });
        }, e => e.status === 503);
        wx.setStorageSync(KEY, { gridWorker: answer.gridWorker });
        this.bound(answer.gridWorker);
        this.setData({ bindingCode: '', left: consent.left(answer, 'gridWorker'), message: words.t('gw.saved'),
          ok: true });
      } catch (e) {
        if (e.status === 401 && !bindingCode) {
          // WeChat says this user is bound to nobody (any more): what was kept here is wrong.
          wx.removeStorageSync(KEY);
          this.bound(null);
        }
        const message = e.status === 401 ? words.t(bindingCode ? 'gw.wrongCode' : 'gw.notBound')
          : e.status === 503 ? words.t('gw.busy') : e.message;
        this.setData({ message, ok: false });
      } finally {
        this.setData({ busy: false });
      }
    }
  }
});
