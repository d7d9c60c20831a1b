import { describe, expect, it } from 'vitest';
import { AuthUnavailableError } from '../../src/auth/errors.js';
import { errorToReply } from '../../src/http/errors.js';
import { HttpProblem, problemReply } from '../../src/http/problem.js';
import { PROBLEM_TYPES } from '../../src/http/problem-types.js';
import {
  ConflictError,
  NotFoundError,
  StoreRequestError,
  StoreUnavailableError,
  VersionMismatchError,
} from '../../src/repository/errors.js';

describe('problems (RFC 9457)', () => {
  it('renders type, title, status, detail and errors', () => {
    const reply = problemReply(
      new HttpProblem('validation-failed', 'bad', { errors: [{ pointer: '/a', detail: 'is required' }] }),
    );
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(reply.body ?? '')).toEqual({
      type: 'https://parley.dev/problems/validation-failed',
      title: 'Request validation failed',
      status: 400,
      detail: 'bad',
      errors: [{ pointer: '/a', detail: 'is required' }],
    });
  });

  it('every problem type has a 4xx/5xx status and a title', () => {
    for (const [slug, { status, title }] of Object.entries(PROBLEM_TYPES)) {
      expect(slug).toMatch(/^[a-z-]+$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(title.length).toBeGreaterThan(0);
    }
  });

  it('maps repository and auth errors to their statuses', () => {
    const log = () => {};
    const context = { log, requestId: 'r1', notFound: 'No such conversation.' };
    const status = (error: unknown, conditional = false) => errorToReply(error, { ...context, conditional });
    const type = (error: unknown, conditional = false) => JSON.parse(status(error, conditional).body ?? '').type;
    expect(status(new NotFoundError()).status).toBe(404);
    expect(status(new ConflictError('x', 'handle_taken')).status).toBe(409);
    // A lost race fails the client's precondition when it sent one; otherwise it says "retry".
    expect(status(new VersionMismatchError(), true).status).toBe(412);
    expect(status(new ConflictError('x', 'exists'), true).status).toBe(412);
    expect(type(new VersionMismatchError())).toBe('https://parley.dev/problems/concurrent-update');
    expect(type(new ConflictError('x', 'exists'))).toBe('https://parley.dev/problems/concurrent-update');
    // Missing and "not a participant" read alike: the operation's own 404 detail.
    const notParticipant = status(new ConflictError('x', 'not_participant'));
    expect(notParticipant.status).toBe(404);
    expect(JSON.parse(notParticipant.body ?? '').detail).toBe('No such conversation.');
    expect(JSON.parse(status(new NotFoundError()).body ?? '').detail).toBe('No such conversation.');
    const unavailable = status(new StoreUnavailableError('down', 2.2));
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('3');
    expect(status(new AuthUnavailableError()).status).toBe(503);
  });

  it('a 5xx shows no internals; the cause is logged with the request id', () => {
    const entries: Array<Record<string, unknown>> = [];
    const secret = 'ConditionalCheckFailed at arn:aws:dynamodb:table/secret-table';
    for (const error of [new Error(secret), new StoreRequestError(secret), 'thrown string']) {
      const reply = errorToReply(error, { log: (e) => entries.push(e), requestId: 'req-42' });
      expect(reply.status).toBe(500);
      expect(reply.body).not.toContain('secret-table');
      expect(JSON.parse(reply.body ?? '').detail).toContain('req-42');
    }
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ level: 'error', requestId: 'req-42' });
    expect(JSON.stringify(entries[0])).toContain('secret-table');
  });
});
