// Where the three services are. The defaults are deploy/local/up.sh's stack on this machine (WeChat DevTools with
// "do not check domain names" ticked); a phone needs the services' public HTTPS addresses here instead, the same
// ones listed as request domains for the appid in WeChat's admin console.
module.exports = {
  services: {
    order: 'http://127.0.0.1:8081',
    dispatch: 'http://127.0.0.1:8082',
    volunteer: 'http://127.0.0.1:8083'
  },
  // Calls answered 503 or lost on the way are tried again this many times in all, waiting longer each time (or as
  // long as Retry-After says, up to maxDelayMs); a phone on one bar of signal gives up after about 15 s.
  retry: { attempts: 4, baseDelayMs: 1000, maxDelayMs: 8000 },
  timeoutMs: 10000
};
