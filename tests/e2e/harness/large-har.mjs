// A large HAR for the analyzer's tests and measurements: the note scenario's entries among
// enough unrelated ones (script chunks with 64 KiB bodies, like a real Control Hub capture) to
// reach `targetBytes`. Written in pieces, never held whole in memory.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from './browsers.mjs';

const NOTE = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'fixtures', 'har/note-scenario.har'), 'utf8'));
const CHUNK_BODY = 'x'.repeat(64 * 1024);

function noise(index) {
  return JSON.stringify({
    startedDateTime: new Date(Date.UTC(2026, 10, 27, 1, 0, 0) + index).toISOString(),
    time: 12.5,
    request: {
      method: 'GET',
      url: `https://admin.webex.com/assets/chunk-${index}.js`,
      httpVersion: 'HTTP/2',
      headers: [{ name: 'Cookie', value: 'webex_session=SECRETCOOKIE123' }],
      cookies: [],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/2',
      headers: [{ name: 'Content-Type', value: 'application/javascript' }],
      cookies: [],
      content: { size: CHUNK_BODY.length, mimeType: 'application/javascript', text: `/* ${index} */${CHUNK_BODY}` },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 10, receive: 2.5 },
  });
}

/** Writes the HAR to `file`; returns { bytes, entries }. */
export function writeLargeHar(file, targetBytes) {
  const fd = openSync(file, 'w');
  let bytes = 0;
  let entries = 0;
  const write = (text) => {
    bytes += writeSync(fd, text);
  };
  try {
    write('{"log":{"version":"1.2","creator":{"name":"caldoctor test","version":"1"},"entries":[');
    const matching = NOTE.log.entries.map((e) => JSON.stringify(e));
    const every = Math.max(1, Math.floor(targetBytes / CHUNK_BODY.length / (matching.length + 1)));
    let next = 0;
    while (bytes < targetBytes || next < matching.length) {
      if (entries > 0) write(',');
      const due = entries % every === every - 1 && next < matching.length;
      write(due ? matching[next++] : noise(entries));
      entries++;
    }
    write(']}}');
  } finally {
    closeSync(fd);
  }
  return { bytes, entries };
}
