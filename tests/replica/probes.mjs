// The replica's probe responses, for the tests that compare what a page receives with and without
// the extension: any request whose query has `probe=NAME` gets probe NAME, whatever its path — so
// the same response is served under a URL the extension reads (a USS status URL) and under one it
// does not (`/probe`). Node builtins only.
//
//   ok            a small JSON status list                      truncated   JSON cut short
//   wrong-types   JSON whose fields have the wrong types        empty       200, JSON, no body
//   huge          50 MiB of valid JSON, with Content-Length     huge-chunked  the same, chunked
//   not-utf8      invalid UTF-8 bytes, declared UTF-8           latin1      ISO-8859-1, declared so
//   stream        JSON in three chunks                          text        text/plain
//   never         the headers and a first chunk, then nothing, until the client goes
//   silent        no answer at all, until the client goes
//   endless       chunks as fast as the client reads, until it goes (state.probes.endless.bytes)
//   reset         the connection dropped before any answer      cut         a first chunk, then closed short
//   status-N      status N (204, 304, 404, 500), JSON body where one is allowed
//   redirect      302 to the same URL with probe=ok             redirect-out  302 to /probe?probe=ok
//   echo          POST too: answers {"method", "received": request body bytes}
// `state.probes[NAME]` counts, for never, silent and endless, { opened, closed, bytes } (bytes written).

const JSON_TYPE = 'application/json; charset=utf-8';
const HUGE_BYTES = 50 * 1024 * 1024;
const CHUNK = 64 * 1024;

/** The body of `ok`: one status in error, the shape the extension reads. */
const OK = JSON.stringify({
  userStatuses: [{ userId: 'a3c9f6e2-5d1b-4c8e-9f0a-7b2d4e6f8a10', serviceId: 'squared-fusion-cal', state: 'error', messages: [{ severity: 'error', description: "Received error 'Unauthorized' from O365. Admin action is required." }] }],
  paging: { count: 1 },
});

let huge = null; // built at its first use: 50 MiB of `{"userStatuses":[],"pad":"xxxx…"}`
function hugeBody() {
  if (!huge) {
    const head = Buffer.from('{"userStatuses":[],"pad":"');
    const tail = Buffer.from('"}');
    huge = Buffer.alloc(HUGE_BYTES, 'x');
    head.copy(huge, 0);
    tail.copy(huge, HUGE_BYTES - tail.length);
  }
  return huge;
}

export const PROBES = [
  'ok', 'truncated', 'wrong-types', 'empty', 'huge', 'huge-chunked', 'not-utf8', 'latin1', 'stream', 'text', 'never', 'silent', 'endless',
  'reset', 'cut', 'status-204', 'status-304', 'status-404', 'status-500', 'redirect', 'redirect-out', 'echo',
];

/** Counts an open connection of `name` and its close: a test waits for the close, a state. */
function track(state, name, res) {
  const entry = (state.probes[name] ??= { opened: 0, closed: 0, bytes: 0 });
  entry.opened++;
  res.on('close', () => entry.closed++);
  return entry;
}

/** Writes `buffer` in CHUNK pieces, each after the last drained (no timers). */
function writeChunked(res, buffer, done = () => res.end()) {
  let offset = 0;
  const next = () => {
    while (offset < buffer.length) {
      const piece = buffer.subarray(offset, offset + CHUNK);
      offset += piece.length;
      if (!res.write(piece)) return void res.once('drain', next);
    }
    done();
  };
  next();
}

/**
 * Answers `req` with probe `name` (one of PROBES; false for another name). `headers`: the
 * replica's usual response headers; `url`: the request's URL (path and query), for redirects.
 */
export function serveProbe(req, res, name, { headers, url, state }) {
  if (!PROBES.includes(name)) return false;
  const head = (status, type, extra = {}) => res.writeHead(status, { ...headers, ...(type ? { 'Content-Type': type } : {}), ...extra });
  const whole = (status, type, body, extra = {}) => {
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
    head(status, type, { ...extra, 'Content-Length': buf.length });
    res.end(req.method === 'HEAD' ? undefined : buf);
  };
  /** The headers, then `write()` unless the request is HEAD. */
  const streamed = (write) => {
    head(200, JSON_TYPE);
    if (req.method === 'HEAD') res.end();
    else write();
  };
  const code = Number(/^status-(\d{3})$/.exec(name)?.[1]);
  if (code === 204 || code === 304) {
    head(code, null);
    res.end();
  } else if (code) {
    whole(code, JSON_TYPE, JSON.stringify({ message: `probe ${code}`, trackingId: 'ATLAS_probe' }));
  } else if (name === 'ok') {
    whole(200, JSON_TYPE, OK);
  } else if (name === 'truncated') {
    whole(200, JSON_TYPE, OK.slice(0, Math.floor(OK.length / 2)));
  } else if (name === 'wrong-types') {
    whole(200, JSON_TYPE, JSON.stringify({ userStatuses: [{ userId: 5, state: [], messages: 'Unauthorized', lastStateChange: {} }, null, 'x'], paging: 'none' }));
  } else if (name === 'empty') {
    whole(200, JSON_TYPE, '');
  } else if (name === 'huge') {
    whole(200, JSON_TYPE, hugeBody());
  } else if (name === 'huge-chunked') {
    streamed(() => writeChunked(res, hugeBody()));
  } else if (name === 'not-utf8') {
    whole(200, JSON_TYPE, Buffer.concat([Buffer.from('{"userStatuses":[],"note":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from('"}')]));
  } else if (name === 'latin1') {
    whole(200, 'application/json; charset=iso-8859-1', Buffer.from('{"userStatuses":[],"note":"caf\xe9 r\xe9sum\xe9"}', 'latin1'));
  } else if (name === 'text') {
    whole(200, 'text/plain; charset=utf-8', 'plain text, not JSON\n');
  } else if (name === 'stream') {
    // Three writes, each after the last was flushed: the page's reader may still see them merged.
    const parts = [OK.slice(0, 20), OK.slice(20, 60), OK.slice(60)];
    const next = () => (parts.length ? res.write(parts.shift(), () => setImmediate(next)) : res.end());
    streamed(next);
  } else if (name === 'never') {
    track(state, name, res);
    streamed(() => res.write('{"userStatuses":[')); // never ended: the client's abort (or the server's close) ends it
  } else if (name === 'silent') {
    track(state, name, res); // answered never: the client's abort (or the server's close) ends it
  } else if (name === 'endless') {
    const entry = track(state, name, res);
    const chunk = Buffer.alloc(CHUNK, ' ');
    chunk.write('{"userStatuses":[', 0);
    const more = () => {
      while (!res.destroyed) {
        entry.bytes += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
    };
    streamed(more);
  } else if (name === 'reset') {
    req.socket.destroy();
  } else if (name === 'cut') {
    // A FIN, not a reset: the client always gets the headers and the first bytes, then the end
    // before the declared length (a reset could discard what was in flight).
    head(200, JSON_TYPE, { 'Content-Length': 1024 });
    res.write('{"userStatuses":[', () => req.socket.end());
  } else if (name === 'redirect' || name === 'redirect-out') {
    const location = name === 'redirect' ? url.replace(/([?&])probe=redirect(?=&|$)/, '$1probe=ok') : '/probe?probe=ok';
    whole(302, 'text/plain; charset=utf-8', '', { Location: location });
  } else if (name === 'echo') {
    let received = 0;
    req.on('data', (chunk) => (received += chunk.length));
    req.on('end', () => whole(200, JSON_TYPE, JSON.stringify({ method: req.method, received })));
  }
  return true;
}
