/**
 * The bridge Worker's metered app (`/app/…`, bridge-entry.ts): the HS256 and cursor secret its
 * tokens are signed with, and what each response's `x-parley-meter` header says.
 */
export const METERED_APP_SECRET = 'metered-app-secret-metered-app-secret-0123';

export interface RequestMeter {
  /** Durable Object calls the Worker made (subrequests). */
  workerCalls: number;
  /** Durable Object requests billed: the Worker's calls and every call objects made to other objects. */
  objectRequests: number;
  rowsRead: number;
  rowsWritten: number;
}
