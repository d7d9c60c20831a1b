import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, VersionMismatchError } from '../../../src/repository/errors.js';
import { expectRejection, makeUser, type ContractContext } from './fixtures.js';

export function userCases({ repository: repo }: ContractContext): void {
  describe('users', () => {
    it('creates with expected "absent" and reads back exactly what was written', async () => {
      const user = makeUser();
      await repo.saveUser(user, 'absent');
      expect(await repo.getUser(user.id)).toStrictEqual(user);
      expect(await repo.getUserByHandle(user.handle)).toStrictEqual(user);
    });

    it('answers null for an unknown id or handle', async () => {
      const ghost = makeUser();
      expect(await repo.getUser(ghost.id)).toBeNull();
      expect(await repo.getUserByHandle(ghost.handle)).toBeNull();
    });

    it('finds a user by the handle as stored (the core lower-cases handles before they get here)', async () => {
      const user = makeUser();
      await repo.saveUser(user, 'absent');
      expect(await repo.getUserByHandle(user.handle)).toStrictEqual(user);
    });

    it('refuses "absent" when the user exists, and keeps the stored profile', async () => {
      const user = makeUser();
      await repo.saveUser(user, 'absent');
      const again = { ...user, displayName: 'Someone else' };
      await expectRejection(repo.saveUser(again, 'absent'), ConflictError, { reason: 'exists' });
      expect(await repo.getUser(user.id)).toStrictEqual(user);
    });

    it('replaces when the expected version is stored', async () => {
      const user = makeUser();
      await repo.saveUser(user, 'absent');
      const next = { ...user, displayName: 'Ada King', version: 2 };
      await repo.saveUser(next, 1);
      expect(await repo.getUser(user.id)).toStrictEqual(next);
    });

    it('writes nothing on a version mismatch, not even the handle change', async () => {
      const user = makeUser();
      await repo.saveUser(user, 'absent');
      await repo.saveUser({ ...user, version: 2 }, 1);
      const stale = { ...user, handle: `${user.handle}x`, displayName: 'Stale', version: 2 };
      await expectRejection(repo.saveUser(stale, 1), VersionMismatchError);
      expect(await repo.getUser(user.id)).toStrictEqual({ ...user, version: 2 });
      expect(await repo.getUserByHandle(stale.handle)).toBeNull();
      expect((await repo.getUserByHandle(user.handle))?.id).toBe(user.id);
    });

    it('is NotFound when a version is expected but no user is stored', async () => {
      const user = makeUser();
      await expectRejection(repo.saveUser(user, 1), NotFoundError);
      expect(await repo.getUser(user.id)).toBeNull();
      expect(await repo.getUserByHandle(user.handle)).toBeNull();
    });

    it('creates and replaces with "any"', async () => {
      const user = makeUser();
      await repo.saveUser(user, 'any');
      const next = { ...user, displayName: 'Replaced', version: 2 };
      await repo.saveUser(next, 'any');
      expect(await repo.getUser(user.id)).toStrictEqual(next);
    });

    it('lets a user save again with their own handle', async () => {
      const user = makeUser();
      await repo.saveUser(user, 'absent');
      await repo.saveUser({ ...user, version: 2 }, 1);
      expect(await repo.getUserByHandle(user.handle)).toStrictEqual({ ...user, version: 2 });
    });

    it('refuses a handle owned by another user, and stores nothing', async () => {
      const owner = makeUser();
      await repo.saveUser(owner, 'absent');
      const rival = makeUser({ handle: owner.handle });
      await expectRejection(repo.saveUser(rival, 'absent'), ConflictError, { reason: 'handle_taken' });
      const replacing = makeUser({ handle: owner.handle });
      await expectRejection(repo.saveUser(replacing, 'any'), ConflictError, { reason: 'handle_taken' });
      expect(await repo.getUser(rival.id)).toBeNull();
      expect(await repo.getUser(replacing.id)).toBeNull();
      expect((await repo.getUserByHandle(owner.handle))?.id).toBe(owner.id);
    });

    it('releases the old handle when it changes', async () => {
      const user = makeUser();
      await repo.saveUser(user, 'absent');
      const renamed = { ...user, handle: `${user.handle}2`, version: 2 };
      await repo.saveUser(renamed, 1);
      expect(await repo.getUserByHandle(user.handle)).toBeNull();
      expect(await repo.getUserByHandle(renamed.handle)).toStrictEqual(renamed);
      const taker = makeUser({ handle: user.handle });
      await repo.saveUser(taker, 'absent');
      expect(await repo.getUserByHandle(user.handle)).toStrictEqual(taker);
    });

    it('deletes only at the expected version, then releases the handle', async () => {
      const user = makeUser();
      await repo.saveUser(user, 'absent');
      await expectRejection(repo.deleteUser(user.id, 7), VersionMismatchError);
      expect(await repo.getUser(user.id)).toStrictEqual(user);
      await repo.deleteUser(user.id, 1);
      expect(await repo.getUser(user.id)).toBeNull();
      expect(await repo.getUserByHandle(user.handle)).toBeNull();
      const taker = makeUser({ handle: user.handle });
      await repo.saveUser(taker, 'absent');
      expect((await repo.getUserByHandle(user.handle))?.id).toBe(taker.id);
    });

    it('reads many profiles at once: the stored ones, in the order asked, each once', async () => {
      const [ada, bob, ghost] = [makeUser(), makeUser(), makeUser()];
      await repo.saveUser(ada, 'absent');
      await repo.saveUser(bob, 'absent');
      expect(await repo.getUsers([bob.id, ghost.id, ada.id, bob.id])).toStrictEqual([bob, ada]);
      expect(await repo.getUsers([ghost.id])).toStrictEqual([]);
      expect(await repo.getUsers([])).toStrictEqual([]);
    });

    it('reads past one batch (a full conversation of 256), and not a deleted profile', async () => {
      const users = Array.from({ length: 256 }, () => makeUser());
      await Promise.all(users.map((user) => repo.saveUser(user, 'absent')));
      const gone = users[100]!;
      await repo.deleteUser(gone.id, 1);
      const found = await repo.getUsers(users.map((user) => user.id));
      expect(found).toStrictEqual(users.filter((user) => user !== gone));
    });

    it('is NotFound when deleting a user that does not exist', async () => {
      await expectRejection(repo.deleteUser(makeUser().id, 1), NotFoundError);
    });
  });
}
