// Starts listening to the network at once, so handoffs confirmed without signal leave as soon as it returns,
// whatever page is open.
const outbox = require('./utils/outbox.js');

App({
  onLaunch() {
    outbox.start();
  }
});
