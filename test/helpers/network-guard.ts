import net from 'node:net';

/**
 * Tests never reach beyond loopback, by construction: every outbound TCP connection made in a test
 * process must target a loopback address (or a Unix socket). Anything else throws at connect time.
 */
const loopback = (host: string) =>
  host === 'localhost' || host === '::1' || host.startsWith('127.') || host === '::ffff:127.0.0.1';

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const [first] = args;
  let host: string | undefined;
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const options = first as { host?: string; path?: string };
    if (!options.path) host = options.host ?? 'localhost';
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    host = typeof args[1] === 'string' ? (args[1] as string) : 'localhost';
  }
  if (host !== undefined && !loopback(host)) {
    throw new Error(`network guard: tests may only connect to loopback, not ${host}`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
