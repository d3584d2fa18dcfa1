// Register a household (building chosen from the compounds and their buildings, read-only) or edit one
// (PATCH /api/households/{id}: room, contact, phone, how many live there, what needs care; the building stays).
// Registering also asks, in the tap, to allow WeChat messages when the building's status changes.
const api = require('../../utils/api.js');
const consent = require('../../utils/consent.js');
const words = require('../../utils/words.js');

// A picker an elderly resident can still read: a district has more compounds, found by part of the name (q).
const COMPOUNDS_SHOWN = 50;

const KINDS = ['ELDERLY_ALONE', 'CHILD_IN_DIFFICULTY', 'DISABLED', 'LOW_INCOME', 'CHRONIC_ILLNESS', 'PREGNANT'];

function kinds(chosen) {
  return KINDS.map(value => ({ value, name: words.t('vul.' + value), checked: chosen.includes(value) }));
}

Component({
  data: {
    w: words.all(), id: null, search: '', compoundHint: '',
    compounds: [], compoundIndex: -1, buildings: [], buildingIndex: -1, buildingLabel: '',
    room: '', people: '1', contactName: '', phone: '', vulnerabilities: [], kinds: kinds([]),
    saving: false, message: '', ok: false
  },
  methods: {
    async onLoad(query) {
      this.registering = !(query && query.id);
      try {
        if (query && query.id) {
          const h = await api.call('household', { params: { id: query.id } });
          const vulnerabilities = h.vulnerabilities || [];
          this.setData({ id: h.id, room: h.room, people: String(h.people || 1), contactName: h.contactName,
            phone: h.phone || '', vulnerabilities, kinds: kinds(vulnerabilities) });
          const building = await api.call('building', { params: { id: h.buildingId } });
          this.setData({ buildingLabel: building.name + ' · ' + words.statusName(building.status) });
        } else {
          await this.searchCompounds();
        }
      } catch (e) {
        this.setData({ message: e.message, ok: false });
      }
    },
    /** The building-status templates to ask for when registering, read before the tap (WeChat asks only in one). */
    async onShow() {
      if (this.registering) this.consentIds = consent.choose((await consent.read('RESIDENT')).templates, 'building');
    },
    /** The compounds whose name holds what was typed (all of them, up to COMPOUNDS_SHOWN, when nothing was). */
    async searchCompounds() {
      const q = this.data.search.trim();
      // Only the answer to the latest search counts: an earlier one arriving late must not replace it.
      const asked = this.searches = (this.searches || 0) + 1;
      try {
        const compounds = await api.call('compounds', { query: { q: q || undefined, limit: COMPOUNDS_SHOWN } });
        if (asked !== this.searches) return;
        const compoundHint = compounds.length === 0 ? words.t('compound.none')
          : compounds.length >= COMPOUNDS_SHOWN ? words.t('compound.more').split('{n}').join(String(COMPOUNDS_SHOWN))
            : '';
        this.setData({ compounds, compoundHint, compoundIndex: -1, buildings: [], buildingIndex: -1, message: '' });
      } catch (e) {
        if (asked === this.searches) this.setData({ message: e.message, ok: false });
      }
    },
    async compoundChosen(e) {
      const compoundIndex = Number(e.detail.value);
      this.setData({ compoundIndex, buildings: [], buildingIndex: -1 });
      try {
        const buildings = await api.call('compoundBuildings', { params: { id: this.data.compounds[compoundIndex].id } });
        this.setData({ buildings: buildings.map(b => ({ id: b.id, label: b.name + ' · ' + words.statusName(b.status) })) });
      } catch (err) {
        this.setData({ message: err.message, ok: false });
      }
    },
    buildingChosen(e) { this.setData({ buildingIndex: Number(e.detail.value) }); },
    typed(e) { this.setData({ [e.currentTarget.dataset.field]: e.detail.value }); },
    vulnerabilitiesChosen(e) {
      this.setData({ vulnerabilities: e.detail.value, kinds: kinds(e.detail.value) });
    },
    async save() {
      if (this.data.saving) return;
      const d = this.data;
      const body = { room: d.room.trim(), contactName: d.contactName.trim(), phone: d.phone.trim() || null,
        people: Number(d.people) || 1, vulnerabilities: d.vulnerabilities };
      if (!d.id) {
        if (d.buildingIndex < 0) return this.setData({ message: words.t('error.noBuilding'), ok: false });
        body.buildingId = d.buildings[d.buildingIndex].id;
      }
      // Asked now, in the tap, while the household is registered; never in its way.
      const asked = d.id ? Promise.resolve(null) : consent.ask(this.consentIds);
      asked.then(answers => consent.report('RESIDENT', answers));
      this.setData({ saving: true, message: '' });
      try {
        const saved = d.id ? await api.call('editHousehold', { params: { id: d.id }, body })
          : await api.call('registerHousehold', { body });
        this.setData({ id: saved.id, message: words.t('household.saved'), ok: true });
        await asked; // WeChat's box is closed before the page goes back
        wx.navigateBack({ delta: 1 });
      } catch (e) {
        this.setData({ message: e.message, ok: false });
      } finally {
        this.setData({ saving: false });
      }
    }
  }
});
