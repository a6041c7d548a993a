// Recording every request a browser makes, for the no-egress suites. Two recorders that do not
// depend on the test driver seeing a context (Playwright does not report a service worker's
// fetches; WebDriver BiDi does not reach Firefox's background page):
//   - a proxy on loopback that every non-loopback request goes to: it records the request and
//     answers 502 itself, so nothing leaves the machine (CONNECT: the host is recorded, the tunnel
//     refused);
//   - Chromium's NetLog (--log-net-log), written by the network service for every URL request of
//     every context (pages, frames, workers, the extension's service worker, the browser itself),
//     with the request's initiator: what tells the extension's requests from the browser's.
// In Chromium DNS cannot leak either: --host-resolver-rules answers "not found" for every host but
// loopback.
import http from 'node:http';
import { readFileSync } from 'node:fs';

/**
 * The recording proxy. Resolves to { port, seen, close }; `seen` lists
 * { method, url } (CONNECT: url is "host:port").
 */
export async function startRecordingProxy() {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url });
    req.resume();
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end('refused by the test proxy\n');
  });
  server.on('connect', (req, socket) => {
    seen.push({ method: 'CONNECT', url: req.url });
    socket.end('HTTP/1.1 502 Refused\r\n\r\n');
  });
  server.on('upgrade', (req, socket) => {
    seen.push({ method: 'UPGRADE', url: req.url });
    socket.destroy();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Chromium's flags for both recorders: non-loopback traffic through the proxy on `proxyPort`
 * (loopback, the replica, bypasses it), every host but loopback unresolvable, the NetLog in `netlog`.
 */
export function recorderArgs(proxyPort, netlog) {
  return [
    `--proxy-server=http://127.0.0.1:${proxyPort}`,
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    `--log-net-log=${netlog}`,
    '--net-log-capture-mode=Default',
  ];
}

/**
 * Firefox's preferences for the proxy on `proxyPort`: every non-loopback request through it
 * (loopback, the replica, bypasses it), no DNS prefetch. Firefox has no NetLog that names the
 * requesting context: there, the proxy is the recorder.
 */
export function firefoxRecorderPrefs(proxyPort) {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.share_proxy_settings': false,
    'network.dns.disablePrefetch': true,
  };
}

/**
 * Every URL request in a NetLog file (complete: written when the browser closed), each
 * { url, method, initiator }: initiator is the requesting context's origin (a page's,
 * chrome-extension://<id> for the extension's documents and service worker), or null for the
 * browser's own requests (NetLog writes "not an origin").
 */
export function netLogRequests(file) {
  const log = JSON.parse(readFileSync(file, 'utf8'));
  const START = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  const requests = [];
  for (const event of log.events) {
    if (event.type !== START || typeof event.params?.url !== 'string') continue;
    const { url, method, initiator } = event.params;
    requests.push({ url, method, initiator: typeof initiator === 'string' && initiator.includes('://') ? initiator : null });
  }
  return requests;
}
