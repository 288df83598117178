import type { EntityManager } from 'typeorm';
import { RequestContext } from './request-context';

const manager = (name: string) => ({ name }) as unknown as EntityManager;

describe(RequestContext.name, () => {
  describe('loader', () => {
    it('batches the keys asked for in one tick into one call and shares the loader within the request', async () => {
      const sut = RequestContext.system('r1', manager('plain'), 'org-1');
      const batches: string[][] = [];
      const batch = async (keys: readonly string[]) => {
        batches.push([...keys]);
        return keys.map((k) => k.toUpperCase());
      };
      const values = await Promise.all([
        sut.loader('test.upper', batch).load('a'),
        sut.loader('test.upper', batch).load('b'),
        sut.loader('test.upper', batch).load('a'),
      ]);
      expect(values).toEqual(['A', 'B', 'A']);
      expect(batches).toEqual([['a', 'b']]);
      expect(await sut.loader('test.upper', batch).load('b')).toBe('B');
      expect(batches).toHaveLength(1);
    });

    it('keeps requests apart: another context has its own loaders', async () => {
      const calls: string[] = [];
      const batchOf = (who: string) => async (keys: readonly string[]) => {
        calls.push(who);
        return keys.map((k) => `${who}:${k}`);
      };
      const one = RequestContext.system('r1', manager('plain'), 'org-1');
      const two = RequestContext.system('r2', manager('plain'), 'org-2');
      expect(await one.loader('test.k', batchOf('one')).load('x')).toBe('one:x');
      expect(await two.loader('test.k', batchOf('two')).load('x')).toBe('two:x');
      expect(calls).toEqual(['one', 'two']);
    });

    it('uses cacheKey for object keys', async () => {
      const sut = RequestContext.system('r1', manager('plain'), 'org-1');
      let calls = 0;
      const loader = () =>
        sut.loader(
          'test.revision',
          async (keys: ReadonlyArray<{ id: string; revision: number }>) => {
            calls++;
            return keys.map((k) => `${k.id}#${k.revision}`);
          },
          { cacheKey: (k) => `${k.id}:${k.revision}` },
        );
      await loader().load({ id: 'a', revision: 1 });
      expect(await loader().load({ id: 'a', revision: 1 })).toBe('a#1');
      expect(calls).toBe(1);
    });

    it('forgets what it cached when the database handle changes (a transaction starts or ends)', async () => {
      const plain = manager('plain');
      const sut = RequestContext.system('r1', plain, 'org-1');
      let stored = 'before';
      const read = () => sut.loader('test.row', async (keys: readonly string[]) => keys.map(() => stored)).load('k');
      expect(await read()).toBe('before');
      sut.em = manager('transaction');
      stored = 'written';
      expect(await read()).toBe('written');
      stored = 'committed';
      sut.em = plain;
      expect(await read()).toBe('committed');
      // Setting the same handle again keeps the cache.
      stored = 'unchanged';
      sut.em = plain;
      expect(await read()).toBe('committed');
    });
  });
});
