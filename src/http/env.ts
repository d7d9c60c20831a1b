/** Per-request values the app's middleware hands to later middleware and routes (`c.get`). */
export interface AppEnv {
  Variables: {
    /** The verified caller's user id (`sub`); set by the auth middleware on `/v1` routes. */
    caller: string;
    /** When the caller's token expires, epoch ms (its `exp`); a real-time ticket never outlives it. */
    tokenExpiresAt: number;
  };
}
