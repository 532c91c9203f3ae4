/**
 * Requests Node's HTTP parser refuses are answered with Node's own bytes and the connection
 * closed, as the real server 2.19.16 answers them (each answer below is the real server's, to
 * the same bytes sent over a raw socket).
 */

import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import { clientError } from '../../src/tiledesk/client-errors.js';
import { emulator, rawExchange } from '../helpers.js';

t.test(
  "refused requests: the real server's status line, Connection: close, nothing else",
  async (t) => {
    const { url } = await emulator(t);
    const cases = [
      ['a malformed request line', 'GARBAGE\r\n\r\n', '400 Bad Request'],
      [
        'two Content-Length headers',
        'POST /auth/signin HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
        '400 Bad Request',
      ],
      [
        'headers over 16 KB',
        `GET /auth/signin HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        '431 Request Header Fields Too Large',
      ],
      [
        'chunk extensions over 16 KB',
        `POST /auth/signin HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;${'a'.repeat(20_000)}\r\n`,
        '413 Payload Too Large',
      ],
    ] as const;
    for (const [name, request, status] of cases) {
      t.equal(
        await rawExchange(url, request),
        `HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`,
        name,
      );
    }
  },
);

// ---- client errors ------------------------------------------------------------------------------

/**
 * clientError() on a real socket, for what a request cannot bring about on demand: the request
 * timeout's 408 (after --request-timeout), a reset connection, a socket already closed, and an
 * answer already begun (Node's own handler writes nothing after one). test/api/client-errors
 * checks the answers a request can bring about.
 */

/** What a client receives when the server side of its connection meets `onSocket`. */
async function received(t: Test, onSocket: (s: Socket) => void) {
  const server = createServer((socket) => {
    socket.on('error', () => undefined); // destroy(error) emits it; Node's server listens too
    onSocket(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => server.close());
  const { port } = server.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  client.on('error', () => undefined);
  client.setTimeout(2000, () => client.destroy()); // a socket left open fails, not hangs
  client.setEncoding('latin1');
  let text = '';
  client.on('data', (data: string) => {
    text += data;
  });
  await once(client, 'close');
  return text;
}

function failure(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

t.test('the status line for each code, then the socket is closed', async (t) => {
  const cases = [
    ['ERR_HTTP_REQUEST_TIMEOUT', '408 Request Timeout'],
    ['HPE_HEADER_OVERFLOW', '431 Request Header Fields Too Large'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', '413 Payload Too Large'],
    ['HPE_INVALID_METHOD', '400 Bad Request'],
    ['', '400 Bad Request'],
  ] as const;
  for (const [code, status] of cases) {
    const text = await received(t, (socket) => clientError(failure(code), socket));
    t.equal(text, `HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`, code || 'no code');
  }
});

t.test('nothing is written to a reset, closed or ended socket', async (t) => {
  t.equal(
    await received(t, (socket) => {
      clientError(failure('ECONNRESET'), socket);
      socket.destroy(); // Node's part, after a reset
    }),
    '',
    'a reset connection',
  );
  t.equal(
    await received(t, (socket) => {
      socket.destroy();
      clientError(failure('HPE_INVALID_METHOD'), socket);
    }),
    '',
    'a destroyed socket',
  );
  t.equal(
    await received(t, (socket) => {
      socket.end();
      clientError(failure('HPE_INVALID_METHOD'), socket);
    }),
    '',
    'an ended socket',
  );
});

t.test(
  'after an answer has begun, the socket is closed without a second status line',
  async (t) => {
    const text = await received(t, (socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      Object.assign(socket, { _httpMessage: { headersSent: true } });
      clientError(failure('HPE_INVALID_METHOD'), socket);
    });
    t.equal(text, 'HTTP/1.1 200 OK\r\n');
  },
);

t.test('before an answer has begun, its status line is written', async (t) => {
  const text = await received(t, (socket) => {
    Object.assign(socket, { _httpMessage: { headersSent: false } });
    clientError(failure('HPE_HEADER_OVERFLOW'), socket);
  });
  t.equal(text, 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n');
});
