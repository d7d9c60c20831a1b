import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ulidFromParts } from '../../src/domain/ulid.js';
import { idKey, ulidFor, ulidFromKey, ulidFromObjectId, userIdFrom } from '../../src/migration/ids.js';
import { Rejection } from '../../src/migration/rejection.js';
import { BinaryValue, ObjectIdValue } from '../../src/migration/values.js';

const digest = (text: string) => createHash('sha256').update(text).digest();
const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
const objectId = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 12, maxLength: 12 })
  .map((b) => new ObjectIdValue(hex(b)));

describe('ObjectId → ULID', () => {
  it('keeps ObjectId order (to the second) and never maps two ObjectIds to one ULID', () => {
    fc.assert(
      fc.property(fc.array(objectId, { minLength: 2, maxLength: 200 }), (ids) => {
        const pairs = ids.map((oid) => ({ oid, ulid: ulidFromObjectId(oid) }));
        // Byte order of ObjectIds is exactly string order of their ULIDs.
        const byOid = [...pairs].sort((a, b) => (a.oid.hex < b.oid.hex ? -1 : a.oid.hex > b.oid.hex ? 1 : 0));
        const byUlid = [...pairs].sort((a, b) => (a.ulid < b.ulid ? -1 : a.ulid > b.ulid ? 1 : 0));
        expect(byUlid.map((p) => p.oid.hex)).toEqual(byOid.map((p) => p.oid.hex));
        expect(new Set(pairs.map((p) => p.ulid)).size).toBe(new Set(ids.map((i) => i.hex)).size);
      }),
    );
  });

  it('carries the creation second, refined to createdAt when it lies within that second', () => {
    const oid = new ObjectIdValue('603cd7a50b0b0b0b0b000001');
    const second = oid.seconds * 1000;
    const plain = ulidFromObjectId(oid);
    expect(plain).toBe(ulidFromParts(second, Uint8Array.from([0, 0, 11, 11, 11, 11, 11, 0, 0, 1])));
    expect(ulidFromObjectId(oid, second + 250).slice(0, 10)).toBe(
      ulidFromParts(second + 250, new Uint8Array(10)).slice(0, 10),
    );
    // createdAt in another second (clock skew, an imported date): the ObjectId's second wins.
    expect(ulidFromObjectId(oid, second + 5000)).toBe(plain);
    expect(ulidFromObjectId(oid, second - 1)).toBe(plain);
  });

  it('stays injective with the refinement: each ULID names one ObjectId', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(objectId, fc.integer({ min: 0, max: 1999 })), { minLength: 2, maxLength: 200 }),
        (items) => {
          const byUlid = new Map<string, string>();
          for (const [oid, offset] of items) {
            const ulid = ulidFromObjectId(oid, oid.seconds * 1000 + offset - 500);
            const seen = byUlid.get(ulid);
            if (seen !== undefined) expect(seen).toBe(oid.hex);
            byUlid.set(ulid, oid.hex);
          }
        },
      ),
    );
  });

  it('derives other ids from createdAt and a digest, disjoint from ObjectId-derived ones (top random bit set)', () => {
    const a = ulidFromKey('str:conv-1', Date.UTC(2020, 0, 1), digest);
    expect(a).toBe(ulidFromKey('str:conv-1', Date.UTC(2020, 0, 1), digest));
    expect(a).not.toBe(ulidFromKey('str:conv-2', Date.UTC(2020, 0, 1), digest));
    // The 11th character holds the top random bits: ≥ 'G' (16) when the top bit is set; ObjectId ones start with 0.
    expect('GHJKMNPQRSTVWXYZ').toContain(a.charAt(10));
    expect(ulidFromObjectId(new ObjectIdValue('ffffffffffffffffffffffff')).charAt(10)).toBe('0');
  });

  it('rejects a non-ObjectId id whose createdAt is before 1970 (a ULID cannot carry it)', () => {
    expect(() => ulidFor('legacy', Date.UTC(1969, 0, 1), digest)).toThrow(Rejection);
    expect(() => ulidFor(new ObjectIdValue('000000010000000000000001'), Date.UTC(1969, 0, 1), digest)).not.toThrow();
  });
});

describe('user ids', () => {
  it('are the text of _id: ObjectId hex, strings, UUIDs, integers', () => {
    expect(userIdFrom(new ObjectIdValue('603cd7410a0a0a0a0a000001'), '_id')).toBe('603cd7410a0a0a0a0a000001');
    expect(userIdFrom('legacy-user-1', '_id')).toBe('legacy-user-1');
    const uuid = new BinaryValue(
      4,
      Uint8Array.from({ length: 16 }, (_, i) => i),
    );
    expect(userIdFrom(uuid, '_id')).toBe('00010203-0405-0607-0809-0a0b0c0d0e0f');
    expect(userIdFrom(9007199254740993n, '_id')).toBe('9007199254740993');
    expect(idKey(new ObjectIdValue('603cd7410a0a0a0a0a000001'))).not.toBe(idKey('603cd7410a0a0a0a0a000001'));
  });

  it('rejects what cannot be a token sub', () => {
    expect(() => userIdFrom(undefined, '_id')).toThrow(expect.objectContaining({ code: 'missing-field' }));
    expect(() => userIdFrom(1.5, '_id')).toThrow(expect.objectContaining({ code: 'invalid-id' }));
    expect(() => userIdFrom('tab\there', '_id')).toThrow(expect.objectContaining({ code: 'invalid-id' }));
    expect(() => userIdFrom('x'.repeat(256), '_id')).toThrow(expect.objectContaining({ code: 'invalid-id' }));
  });
});

describe('user ids from an identity provider that assigns its own subjects', () => {
  it('withSubjects maps every user id and reference through the lookup', async () => {
    const { mongooseChatMapping, withSubjects } = await import('../../src/migration/mapping.js');
    const subjects = new Map([['603cd7410a0a0a0a0a000001', 'cognito-sub-alice']]);
    const mapping = withSubjects(mongooseChatMapping, (id) => subjects.get(id));
    const context = { digest, adjust: () => {} };
    const alice = new ObjectIdValue('603cd7410a0a0a0a0a000001');
    const bob = new ObjectIdValue('603cd7420a0a0a0a0a000002');
    const created = new Date(Date.UTC(2021, 2, 1));
    expect(mapping.user({ _id: alice, username: 'alice', name: 'A', createdAt: created }, context).id).toBe(
      'cognito-sub-alice',
    );
    const conversation = mapping.conversation(
      {
        _id: new ObjectIdValue('603cd7a50b0b0b0b0b000001'),
        createdBy: alice,
        members: [alice, bob],
        createdAt: created,
      },
      context,
    );
    expect(conversation).toMatchObject({
      createdBy: 'cognito-sub-alice',
      participantIds: ['cognito-sub-alice', bob.hex],
    });
    const message = mapping.message(
      {
        _id: new ObjectIdValue('603cdb2b0d0d0d0d0d000005'),
        conversation: conversation.key,
        author: alice,
        text: 'hi',
        createdAt: created,
      },
      context,
    );
    expect(message.authorId).toBe('cognito-sub-alice');
  });
});
