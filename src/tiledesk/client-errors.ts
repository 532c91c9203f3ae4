/**
 * A request Node's HTTP parser refuses (headers over 16 KB, a malformed request line, headers
 * or a body that stall past the timeouts) is answered as the real server answers it, with
 * Node's own bytes: `HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n`
 * (400, 408, 413 likewise), and the connection closed. Fastify's handler sends a JSON body
 * without `Connection: close`, so a keep-alive client took the socket for reusable and its next
 * request on it failed.
 * @see https://nodejs.org/api/http.html#event-clienterror
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

function statusOf(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 413;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

export function clientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // An answer already begun on this socket cannot be followed by another status line.
  const started = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
    ?.headersSent;
  if (socket.writable && !started) {
    const status = statusOf(error.code);
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
  }
  socket.destroy(error);
}
