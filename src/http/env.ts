/** Per-request values the app's middleware hands to later middleware and routes (`c.get`). */
export interface AppEnv {
  Variables: {
    /** The verified caller's user id (`sub`); set by the auth middleware on `/v1` routes. */
    caller: string;
  };
}
