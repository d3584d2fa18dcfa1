// Consent to WeChat subscribe messages (issue 15). WeChat delivers a subscribe message only to someone who allowed it,
// one message per "allow", asked with wx.requestSubscribeMessage. WeChat lets a page ask only from a tap, for at most
// three templates at a time; so a page reads the templates when it is shown (read), and the tap asks at once, before
// it waits for anything (ask), then tells the service what was answered (report). None of this can hold up or fail
// what the tap is for: a refusal, an error (20004: the person turned these messages off), no templates or no signal
// only mean fewer messages later.
const api = require('./api.js');
const words = require('./words.js');

/** WeChat's limit of templates in one wx.requestSubscribeMessage. */
const PER_REQUEST = 3;

/**
 * What each tap asks for, most important first: only the first three configured are asked. more: which other kinds
 * the server lists may fill a place left free (a building's statuses, a grid worker's alerts yet to come).
 */
const SETS = {
  order: { first: ['DELIVERED', 'FAILED', 'ASSIGNED', 'OUT_FOR_DELIVERY'], more: () => false },
  building: { first: ['BUILDING_SEALED', 'BUILDING_CONTROLLED', 'BUILDING_OPEN', 'BUILDING_PRECAUTION'],
    more: kind => kind.startsWith('BUILDING_') },
  runCalls: { first: ['URGENT_ORDER', 'NEW_RUN', 'RUN_TAKEN_BACK', 'TEST_DUE'], more: () => false },
  gridWorker: { first: ['URGENT_OVERDUE', 'HANDOFF_FAILED', 'RESIDENT_NOT_REACHED', 'HANDOFF_LOCKED',
    'COVERAGE_GAP', 'EVENT_SET_ASIDE'], more: () => true }
};

/** Where each role's consents are kept: residents' at order-service, volunteers' at volunteer-service. */
const OPERATIONS = {
  RESIDENT: { read: 'residentSubscriptions', answer: 'answerResidentSubscriptions' },
  VOLUNTEER: { read: 'volunteerSubscriptions', answer: 'answerVolunteerSubscriptions' }
};

/** What wx.requestSubscribeMessage answers per template (ban: the template was banned; filter: refused by WeChat). */
const ANSWERS = ['accept', 'reject', 'ban', 'filter'];

/**
 * The role's templates by kind and the consents left ({templates, consents}); none when they cannot be read now. Tried
 * once: a page does not wait through a weak signal's retries for something it can do without.
 */
async function read(role) {
  try {
    const answer = await api.call(OPERATIONS[role].read, { retry: false });
    return { templates: (answer && answer.templates) || {}, consents: (answer && answer.consents) || {} };
  } catch (e) {
    return { templates: {}, consents: {} };
  }
}

/** Every kind of a set the server has a template for, in the set's order. */
function configured(templates, set) {
  const { first, more } = SETS[set];
  const listed = Object.keys(templates || {}).filter(kind => templates[kind]);
  return first.filter(kind => listed.includes(kind)).concat(listed.filter(kind => !first.includes(kind) && more(kind)));
}

/** The template ids to ask for in a set, as many as one request may ask (a template shared by two kinds once). */
function choose(templates, set) {
  const ids = [];
  configured(templates, set).forEach(kind => {
    if (ids.length < PER_REQUEST && !ids.includes(templates[kind])) ids.push(templates[kind]);
  });
  return ids;
}

/**
 * Asks WeChat for consent to the templates; call it in the tap before any await. Resolves to the answers by template
 * id ({"<id>": "accept" | "reject" | "ban" | "filter"}, WeChat's errMsg left out), or null when nothing was asked or
 * WeChat did not ask (refused, turned off, an old WeChat); never rejects.
 */
function ask(templateIds) {
  if (!templateIds || !templateIds.length) return Promise.resolve(null);
  return new Promise(resolve => {
    try {
      wx.requestSubscribeMessage({
        tmplIds: templateIds,
        success: res => {
          const answers = {};
          templateIds.forEach(id => { if (ANSWERS.includes(res[id])) answers[id] = res[id]; });
          resolve(Object.keys(answers).length ? answers : null);
        },
        fail: () => resolve(null)
      });
    } catch (e) {
      resolve(null);
    }
  });
}

/**
 * Tells the role's service what WeChat answered. Resolves to the consents as they now are ({templates, consents}),
 * or null (nothing answered, or not through: a lost answer is not sent again, as each "accept" counts once).
 */
async function report(role, answers) {
  if (!answers) return null;
  try {
    return await api.call(OPERATIONS[role].answer, { body: answers });
  } catch (e) {
    return null;
  }
}

/** What the person may still be sent, by kind of the set that has a template: [{kind, name, count}]. */
function left(subscriptions, set) {
  const templates = (subscriptions && subscriptions.templates) || {};
  const consents = (subscriptions && subscriptions.consents) || {};
  return configured(templates, set)
    .map(kind => ({ kind, name: words.kindName(kind), count: consents[templates[kind]] || 0 }));
}

module.exports = { read, choose, ask, report, left };
