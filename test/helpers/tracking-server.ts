/**
 * A real HTTP server on 127.0.0.1 for the egress tests. Unlike http-server.ts it records
 * every connection so a test can check that a socket was really closed by the client.
 */
import http from 'node:http';
import type net from 'node:net';

export interface TestServer {
  port: number;
  /** http://127.0.0.1:PORT + path */
  url(path?: string): string;
  /** Every TCP connection the server accepted, with when it closed (null while open). */
  connections: Array<{ socket: net.Socket; closedAt: number | null }>;
  /** Resolves when every accepted connection has closed. */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a loopback HTTP server running handler. */
export async function startTestServer(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  const connections: TestServer['connections'] = [];
  const closeWaiters: Array<() => void> = [];
  server.on('connection', (socket) => {
    const entry = { socket, closedAt: null as number | null };
    connections.push(entry);
    socket.on('close', () => {
      entry.closedAt = Date.now();
      if (connections.every((c) => c.closedAt !== null)) closeWaiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    connections,
    allClosed: () =>
      connections.every((c) => c.closedAt !== null)
        ? Promise.resolve()
        : new Promise<void>((resolve) => closeWaiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
