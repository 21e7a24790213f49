import type { Server as HttpServer } from 'node:http';
import type { RequestHandler } from 'express';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import { can, type Action } from '../auth/policy.ts';
import type { SessionUser } from '../http/secure-router.ts';
import type { MentionStore } from '../mentions/mention.store.ts';
import type { EventBus } from '../shared/events.ts';
import type { Logger } from '../shared/logger.ts';

/** Socket.io rooms, each tied to the policy action a member needs. */
const rooms = { mentions: 'mentions.read', sources: 'sources.read', press: 'press.read' } as const satisfies Record<string, Action>;

/** How often to look for mentions stored by another process (the CLI, a second server). */
const TAIL_INTERVAL_MS = 1000;
/** How often to check that connected sockets' sessions still exist. */
const SESSION_SWEEP_MS = 60_000;

type SocketWithSession = Socket & { request: { session?: { user?: SessionUser; id?: string } } };

export interface Realtime {
  io: Server;
  close(): Promise<void>;
}

/**
 * Realtime is an output: domain events go out to Socket.io rooms; the only inbound event is a
 * catch-up request, checked against the policy like every HTTP route.
 */
export function startRealtime(deps: {
  httpServer: HttpServer;
  sessionMiddleware: RequestHandler;
  events: EventBus;
  mentions: MentionStore;
  /** Which session ids are still live: sessions ended by another process (the CLI) or expired. */
  liveSessions: (sids: readonly string[]) => Promise<Set<string>>;
  logger: Logger;
  sessionSweepMs?: number;
}): Realtime {
  const { events, mentions, logger } = deps;
  const io = new Server(deps.httpServer, {
    serveClient: false,
    // Missed events are replayed after a short disconnection; the board's catch-up query covers longer ones.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
  });
  io.engine.use(deps.sessionMiddleware);

  io.use((socket, next) => {
    const user = (socket as SocketWithSession).request.session?.user;
    if (!user) return next(new Error('unauthenticated'));
    if (!can(user.role, 'board.view')) return next(new Error('forbidden'));
    next();
  });

  io.on('connection', (socket) => {
    const s = socket as SocketWithSession;
    const user = s.request.session!.user!;
    void socket.join(`user:${user.id}`);
    if (s.request.session?.id) void socket.join(`session:${s.request.session.id}`);
    for (const [room, action] of Object.entries(rooms)) if (can(user.role, action)) void socket.join(room);

    onEvent(s, 'mentions.catch-up', 'mentions.read', z.object({ afterId: z.number().int().min(0) }), async ({ afterId }) => ({
      mentions: await mentions.list({ afterId, limit: 500 }),
    }));
  });

  let watermark = 0;
  const emitMentions = (batch: Awaited<ReturnType<MentionStore['views']>>) => {
    const fresh = batch.filter((m) => m.id > watermark);
    if (!fresh.length) return;
    watermark = Math.max(watermark, ...fresh.map((m) => m.id));
    io.to('mentions').emit('mention.collected', { mentions: fresh });
  };
  const unsubscribers = [
    events.subscribe('mention.collected', ({ mentions: batch }) => emitMentions(batch)),
    events.subscribe('topic.spike', (payload) => io.to('mentions').emit('topic.spike', payload)),
    events.subscribe('mention.classified', (payload) => io.to('mentions').emit('mention.classified', payload)),
    events.subscribe('source.updated', (payload) => io.to('sources').emit('source.updated', payload)),
    events.subscribe('source.deleted', (payload) => io.to('sources').emit('source.deleted', payload)),
    events.subscribe('press.event-saved', (payload) => io.to('press').emit('press.event-saved', payload)),
    events.subscribe('press.event-deleted', (payload) => io.to('press').emit('press.event-deleted', payload)),
    events.subscribe('press.people-updated', (payload) => io.to('press').emit('press.people-updated', payload)),
    events.subscribe('quota.rules-updated', (payload) => io.to('press').emit('quota.rules-updated', payload)),
    events.subscribe('quota.reminders', (payload) => io.to('press').emit('quota.reminders', payload)),
    events.subscribe('user.logged-out', ({ sessionId }) => io.in(`session:${sessionId}`).disconnectSockets(true)),
  ];

  // Mentions written by other processes reach the board through a cheap tail of the mentions table.
  let tailing = false;
  const ready = mentions.maxId().then((id) => {
    watermark = Math.max(watermark, id);
  });
  const timer = setInterval(() => {
    if (tailing) return;
    tailing = true;
    ready
      .then(async () => {
        const rows = await mentions.list({ afterId: watermark, limit: 500 });
        emitMentions(rows);
      })
      .catch((err: unknown) => logger.warn({ err }, 'mention tail failed'))
      .finally(() => {
        tailing = false;
      });
  }, TAIL_INTERVAL_MS);
  timer.unref();

  // Sessions ended in this process disconnect their sockets at once (user.logged-out); those ended
  // elsewhere (`huiying users set --disable` runs in its own process) or expired are found here.
  const sweep = setInterval(() => {
    const bySession = new Map<string, Socket[]>();
    for (const socket of io.sockets.sockets.values()) {
      const sid = (socket as SocketWithSession).request.session?.id;
      if (sid) bySession.set(sid, [...(bySession.get(sid) ?? []), socket]);
    }
    if (!bySession.size) return;
    deps
      .liveSessions([...bySession.keys()])
      .then((live) => {
        for (const [sid, sockets] of bySession) if (!live.has(sid)) for (const socket of sockets) socket.disconnect(true);
      })
      .catch((err: unknown) => logger.warn({ err }, 'session sweep failed'));
  }, deps.sessionSweepMs ?? SESSION_SWEEP_MS);
  sweep.unref();

  return {
    io,
    close: async () => {
      clearInterval(timer);
      clearInterval(sweep);
      unsubscribers.forEach((u) => u());
      await new Promise<void>((resolve) => void io.close(() => resolve()));
    },
  };
}

/**
 * Registers a client event that requires a policy action and valid input; the answer goes back
 * through the acknowledgement as `{ ok: true, ... }` or `{ ok: false, error: { code, message } }`.
 */
function onEvent<S extends z.ZodType, R extends object>(
  socket: SocketWithSession,
  name: string,
  action: Action,
  schema: S,
  handler: (input: z.infer<S>) => Promise<R>,
): void {
  socket.on(name, async (input: unknown, ack?: (answer: unknown) => void) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    const user = socket.request.session?.user;
    if (!user) return reply({ ok: false, error: { code: 'unauthenticated', message: 'login required' } });
    if (!can(user.role, action)) return reply({ ok: false, error: { code: 'forbidden', message: `role ${user.role} may not ${action}` } });
    const parsed = schema.safeParse(input);
    if (!parsed.success) return reply({ ok: false, error: { code: 'validation_failed', message: parsed.error.message } });
    try {
      reply({ ok: true, ...(await handler(parsed.data)) });
    } catch {
      reply({ ok: false, error: { code: 'internal', message: 'internal error' } });
    }
  });
}
