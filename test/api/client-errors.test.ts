/**
 * Requests Node's HTTP parser refuses are answered with Node's own bytes and the connection
 * closed, as the real server 2.19.16 answers them (each answer below is the real server's, to
 * the same bytes sent over a raw socket).
 */
import t from 'tap';
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
