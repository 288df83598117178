import { RequestContext } from '@app/core';
import { Db } from '@app/persistence';
import type { EntityManager } from 'typeorm';
import { AuditVerificationService, MAX_LISTED_PROBLEMS } from './audit-verification.service';
import { AuditIntegrityProblem, AuditVerificationExtensions } from './audit-verification.extensions';

const ORG = '11111111-1111-4111-8111-111111111111';

/** An organisation that never had an event: the service's own reads find nothing. */
function emptyChain(): RequestContext {
  const em = {
    query: async () => [{ seq: null, hash: null, last_seq: null }],
    getRepository: () => ({ find: async () => [], findOne: async () => null }),
  } as unknown as EntityManager;
  return RequestContext.system('spec', em, ORG);
}

function problem(n: number): AuditIntegrityProblem {
  const id = `record-${n}`;
  return {
    check: 'spec',
    code: 'SNAPSHOT_MISMATCH',
    message: id,
    seq: n,
    subjectType: 'X',
    subjectId: id,
    expected: null,
    actual: null,
  };
}

describe(AuditVerificationService.name, () => {
  function sut(found: AuditIntegrityProblem[]) {
    const extensions = new AuditVerificationExtensions();
    const ranges: unknown[] = [];
    extensions.register({
      name: 'spec',
      verify: async (_ctx, range) => {
        ranges.push(range);
        return { checked: 7, unbound: 2, problems: found };
      },
    });
    return { service: new AuditVerificationService(new Db(null as never), extensions), ranges };
  }

  it('runs every registered check over the verified range and reports its summary', async () => {
    const { service, ranges } = sut([]);
    const report = await service.verify(emptyChain());
    expect(report).toMatchObject({ valid: true, storedHeadSeq: null, problems: [] });
    expect(report.checks).toEqual([{ name: 'spec', checked: 7, unbound: 2, problems: 0 }]);
    expect(ranges).toEqual([{ fromSeq: 1, toSeq: 0 }]);
  });

  it('makes the report invalid on a check problem, listing at most MAX_LISTED_PROBLEMS but counting all', async () => {
    const found = Array.from({ length: MAX_LISTED_PROBLEMS + 50 }, (_, i) => problem(i));
    const report = await sut(found).service.verify(emptyChain());
    expect(report.valid).toBe(false);
    expect(report.reason).toBeNull();
    expect(report.problems).toEqual(found.slice(0, MAX_LISTED_PROBLEMS));
    expect(report.checks[0].problems).toBe(MAX_LISTED_PROBLEMS + 50);
  });

  it('refuses a check registered twice under one name', () => {
    const extensions = new AuditVerificationExtensions();
    const check = { name: 'twice', verify: async () => ({ checked: 0, unbound: 0, problems: [] }) };
    extensions.register(check);
    expect(() => extensions.register(check)).toThrow(/twice is registered twice/);
  });
});
