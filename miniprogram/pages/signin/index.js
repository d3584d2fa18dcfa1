// Sign in: with WeChat (a resident at once; a volunteer with the binding code from their grid worker the first
// time), or with a token pasted from the local stack's sign-in, where no real appid exists. Grid workers do not sign
// in here: a link takes them to bind their WeChat for alerts.
const api = require('../../utils/api.js');
const words = require('../../utils/words.js');

function home(session) {
  wx.reLaunch({ url: session.role === 'VOLUNTEER' ? '/pages/runs/index' : '/pages/home/index' });
}

Component({
  data: { w: words.all(), busy: false, message: '', bindingCode: '', token: '' },
  methods: {
    onLoad() {
      const session = api.session();
      if (session) home(session);
    },
    bindingTyped(e) { this.setData({ bindingCode: e.detail.value }); },
    tokenTyped(e) { this.setData({ token: e.detail.value }); },
    async signIn(work) {
      if (this.data.busy) return;
      this.setData({ busy: true, message: '' });
      try {
        home(await work());
      } catch (e) {
        this.setData({ message: e.message });
      } finally {
        this.setData({ busy: false });
      }
    },
    residentWeChat() { return this.signIn(() => api.signInWithWeChat('RESIDENT')); },
    volunteerWeChat() {
      return this.signIn(() => api.signInWithWeChat('VOLUNTEER', this.data.bindingCode.trim() || undefined));
    },
    gridWorker() { wx.navigateTo({ url: '/pages/gridworker/index' }); },
    useToken() { return this.signIn(async () => api.signInWithToken(this.data.token)); }
  }
});
