import { ObligationKind } from '@app/catalog/openness';
import {
  buildPolicyContext,
  CONTEXT_BOUNDS,
  createPolicyEnvironment,
  POLICY_CONTEXT_SCHEMA,
  POLICY_OBLIGATION_FIELDS,
  PolicyContextError,
  policyEnvironment,
} from './policy-context';
import { closedModel, makeContext, makeRequest, openModel, REQUESTER } from './policy.test-support';

describe(buildPolicyContext.name, () => {
  it('has exactly the fields of the schema, at every level', () => {
    const sut = makeContext({}, openModel({ obligations: [{ kind: ObligationKind.ATTRIBUTION }] }));
    expect(Object.keys(sut).sort()).toEqual(Object.keys(POLICY_CONTEXT_SCHEMA).sort());
    for (const root of ['request', 'model', 'requester'] as const) {
      expect(Object.keys(sut[root]).sort()).toEqual(Object.keys(POLICY_CONTEXT_SCHEMA[root]).sort());
    }
    expect(Object.keys(sut.model.obligations[0]).sort()).toEqual(Object.keys(POLICY_OBLIGATION_FIELDS).sort());
  });

  it('converts counts to BigInt, as CEL ints must be', () => {
    const sut = buildPolicyContext(makeRequest({ expectedUsers: 1200 }), openModel({ parameterCount: 8e9 }), REQUESTER);
    expect(sut.request.expectedUsers).toBe(1200n);
    expect(sut.model.parameterCount).toBe(8_000_000_000n);
  });

  it('takes the smallest positive USER_THRESHOLD as userThreshold', () => {
    const model = openModel({
      obligations: [
        { kind: ObligationKind.USER_THRESHOLD, threshold: 700_000_000 },
        { kind: ObligationKind.USER_THRESHOLD, threshold: 0 },
        { kind: ObligationKind.USER_THRESHOLD, threshold: 100_000 },
        { kind: ObligationKind.ATTRIBUTION, text: 'Built with X' },
      ],
    });
    const sut = buildPolicyContext(makeRequest(), model, REQUESTER);
    expect(sut.model.userThreshold).toBe(100_000n);
    expect(sut.model.obligations[3]).toEqual({ kind: 'ATTRIBUTION', threshold: 0n, text: 'Built with X' });
  });

  it('replaces absent values with 0, "" and false', () => {
    const sut = buildPolicyContext(makeRequest({ publicFacing: undefined }), closedModel(), REQUESTER);
    expect(sut.model.userThreshold).toBe(0n);
    expect(sut.model.parameterCount).toBe(0n);
    expect(sut.model.family).toBe('');
    expect(sut.model.osaidConformant).toBe(false);
    expect(sut.request.publicFacing).toBe(false);
  });

  it('keeps osaidConformant when given', () => {
    const sut = buildPolicyContext(makeRequest(), { ...openModel(), osaidConformant: true }, REQUESTER);
    expect(sut.model.osaidConformant).toBe(true);
  });

  it('refuses a list beyond its bound, naming the field', () => {
    const languages = Array.from({ length: CONTEXT_BOUNDS.list + 1 }, (_, i) => `l${i}`);
    expect(() => makeContext({ languages })).toThrow(PolicyContextError);
    expect(() => makeContext({ languages })).toThrow('request.languages: 101 exceeds the bound of 100');
  });

  it('refuses a list item beyond its bound, naming the item', () => {
    expect(() => makeContext({ languages: ['en', 'x'.repeat(CONTEXT_BOUNDS.token + 1)] })).toThrow(
      'request.languages[1]',
    );
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -1])('refuses expectedUsers %s', (expectedUsers) => {
    expect(() => makeContext({ expectedUsers })).toThrow('request.expectedUsers: expected a finite non-negative');
  });
});

describe(createPolicyEnvironment.name, () => {
  const rows = (['request', 'model', 'requester'] as const).flatMap((root) =>
    Object.entries(POLICY_CONTEXT_SCHEMA[root]).map(([field, def]) => [`${root}.${field}`, def.type] as const),
  );

  it.each(rows)('declares %s as %s', (path, type) => {
    const checked = policyEnvironment().check(path);
    expect({ valid: checked.valid, type: checked.type }).toEqual({ valid: true, type });
  });

  it('evaluates conditions over a built context', () => {
    const context = makeContext({ expectedUsers: 900_000_000 }, openModel());
    const sut = policyEnvironment();
    expect(sut.evaluate('request.expectedUsers > 700000000 && model.weightsAccess == "OPEN"', context)).toBe(true);
    expect(sut.evaluate('"fr" in model.languages && requester.roles == ["REQUESTER"]', context)).toBe(true);
  });

  it('refuses a JS number where CEL wants an int (why buildPolicyContext converts)', () => {
    const context = makeContext();
    const raw = { ...context, request: { ...context.request, expectedUsers: 500 } };
    expect(() => policyEnvironment().evaluate('request.expectedUsers > 1', raw)).toThrow(
      "'expectedUsers' is not of type 'int'",
    );
  });

  it('does not know variables outside the context', () => {
    expect(policyEnvironment().check('user.name == "x"').valid).toBe(false);
  });
});
