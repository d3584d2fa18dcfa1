// WeChat's client, as far as utils/api.js and utils/outbox.js use it, over real HTTP from Node: storage in memory,
// wx.request with node:http, wx.login answering the code the system test's fake WeChat knows ("user:NAME"),
// and a network switch that raises wx.onNetworkStatusChange as a phone does.
const http = require('node:http');

function wxOverHttp(wechatUser) {
  const storage = new Map();
  const listeners = [];
  const wx = {
    online: true,
    requests: [],
    getStorageSync: key => (storage.has(key) ? JSON.parse(storage.get(key)) : ''),
    setStorageSync: (key, value) => { storage.set(key, JSON.stringify(value)); },
    removeStorageSync: key => { storage.delete(key); },
    request(options) {
      wx.requests.push({ method: options.method, url: options.url, headers: options.header, data: options.data });
      if (!wx.online) {
        setImmediate(() => options.fail({ errMsg: 'request:fail' }));
        return;
      }
      const request = http.request(options.url, { method: options.method || 'GET', headers: options.header || {},
        timeout: options.timeout || 10000 }, response => {
        const chunks = [];
        response.on('data', c => chunks.push(c));
        response.on('end', () => options.success({ statusCode: response.statusCode,
          data: Buffer.concat(chunks).toString('utf8'), header: response.headers }));
      });
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => options.fail({ errMsg: 'request:fail' }));
      if (options.data !== undefined) request.write(options.data);
      request.end();
    },
    login(options) { setImmediate(() => options.success({ code: 'user:' + wx.wechatUser })); },
    wechatUser,
    onNetworkStatusChange(listener) { listeners.push(listener); },
    getNetworkType(options) { setImmediate(() => options.success({ networkType: wx.online ? 'wifi' : 'none' })); },
    setOnline(online) {
      wx.online = online;
      listeners.forEach(l => l({ isConnected: online, networkType: online ? 'wifi' : 'none' }));
    },
    reLaunch() {}
  };
  return wx;
}

module.exports = { wxOverHttp };
