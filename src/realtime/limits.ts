/**
 * The real-time connection's limits and close codes, one table every target reads (docs/realtime.md
 * lists them). Times are milliseconds unless the name says otherwise.
 */
/** A ticket is valid this long after it is issued (the contract: ≤ 60 s). Its own constant: the API Worker's bundle needs only it. */
export const TICKET_SECONDS = 60;

export const REALTIME = {
  ticketSeconds: TICKET_SECONDS,
  /** Open connections one user may hold at once; the next handshake is refused with 429. */
  connectionsPerUser: 8,
  /** Typing frames one connection may send: a burst of `typingBurst`, refilled at `typingPerSecond`. */
  typingBurst: 5,
  typingPerSecond: 1,
  /** Largest client frame read, bytes; a longer one is refused with an error frame. */
  clientFrameBytes: 1024,
  /** The server pings (protocol ping on Node, `ping` policy elsewhere) this often. */
  heartbeatMs: 30_000,
  /** A connection that sent nothing (no frame, no pong) for this long is closed with `idle-timeout`. */
  idleTimeoutMs: 90_000,
  /** Bytes queued for a client that does not read; past it the connection is closed with `slow-consumer`. */
  sendBufferBytes: 1024 * 1024,
  /** Representations larger than this (bytes of JSON) are left out of an event's `data`: fetch them by REST. */
  dataBytes: 8 * 1024,
} as const;

/**
 * Close codes (RFC 6455 §7.4: 4000–4999 are the application's). A client reconnects with a new
 * ticket after any of them except `forbidden`, then catches up through the REST API.
 */
export const CLOSE_CODES = {
  /** The server is shutting down or the connection's object moved: reconnect. */
  goingAway: 1001,
  /** The server failed; reconnect with backoff. */
  internalError: 1011,
  /** The bearer token the ticket was issued for has expired: get a new token, then a new ticket. */
  tokenExpired: 4001,
  /** Nothing received for `idleTimeoutMs`. */
  idleTimeout: 4002,
  /** The client did not read its events fast enough (`sendBufferBytes` queued). */
  slowConsumer: 4008,
  /** Too many open connections for this user (`connectionsPerUser`). */
  tooManyConnections: 4029,
} as const;

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];
