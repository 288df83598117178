import { screen } from '@testing-library/react';
import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../test-utils';
import { ActionError, fieldErrors, inputErrors, isErrorResult, unshownError, unshownFieldErrors } from './errors';

const refusal = {
  __typename: 'ValidationError',
  errorCode: 'VALIDATION',
  message: 'The input is not valid.',
  fieldErrors: [
    { field: 'input.title', message: 'must not be blank' },
    { field: 'input.title', message: 'at most 200 characters' },
    { field: 'input.languages[1]', message: 'is not a BCP 47 code' },
  ],
};

describe('ErrorResult helpers', () => {
  it('tells a refusal from the object asked for', () => {
    expect(isErrorResult(refusal)).toBe(true);
    expect(isErrorResult({ __typename: 'AdoptionRequest', id: '1' })).toBe(false);
    expect(isErrorResult(null)).toBe(false);
  });

  it('maps field errors to the form fields, joining two messages for one field', () => {
    expect(fieldErrors(refusal, 'input.')).toEqual({
      title: 'must not be blank; at most 200 characters',
      'languages[1]': 'is not a BCP 47 code',
    });
    expect(fieldErrors({ __typename: 'AdoptionRequest' }, 'input.')).toEqual({});
    expect(unshownFieldErrors(refusal, 'input.', ['title'])).toEqual(['languages[1]: is not a BCP 47 code']);
  });

  it('shows the refusal beside the action, with what no field shows and a policy’s findings', () => {
    renderWithProviders(<ActionError result={refusal} prefix="input." shownFields={['title']} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The input is not valid.');
    expect(alert.textContent).toContain('languages[1]: is not a BCP 47 code');
    expect(alert.textContent).not.toContain('must not be blank');
  });

  it('shows a blocked request’s findings', () => {
    renderWithProviders(
      <ActionError
        result={{
          errorCode: 'POLICY_BLOCKED',
          message: 'A published policy blocks this request.',
          findings: [{ title: 'No biometric surveillance', message: 'Prohibited practice', effect: 'BLOCK' }],
        }}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('No biometric surveillance (BLOCK): Prohibited practice');
  });

  it('says plainly when the service could not be reached, and nothing when all is well', () => {
    const { unmount } = renderWithProviders(
      <ActionError error={new CombinedError({ networkError: new Error('ECONNREFUSED 127.0.0.1') })} />,
    );
    expect(screen.getByRole('alert').textContent).toContain('The service could not be reached.');
    expect(screen.getByRole('alert').textContent).not.toContain('ECONNREFUSED');
    unmount();
    const { container } = renderWithProviders(<ActionError result={{ __typename: 'AdoptionRequest' }} />);
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });
});

describe('inputs refused before anything ran (BAD_USER_INPUT)', () => {
  const refused = new CombinedError({
    graphQLErrors: [
      {
        message: 'title must be 3 to 200 characters; items.1.rationale must not be blank',
        extensions: {
          code: 'BAD_USER_INPUT',
          field: 'input',
          fieldErrors: [
            { field: 'input.title', message: 'title must be 3 to 200 characters' },
            { field: 'input.items[1].rationale', message: 'items.1.rationale must not be blank' },
          ],
        },
      },
    ],
  });
  const oneArgument = new CombinedError({
    graphQLErrors: [
      { message: 'rationale must not be blank', extensions: { code: 'BAD_USER_INPUT', field: 'rationale' } },
    ],
  });

  it('maps each refused input to its field, by path after the argument', () => {
    expect(inputErrors(refused)).toEqual({
      title: 'title must be 3 to 200 characters',
      'items[1].rationale': 'items.1.rationale must not be blank',
    });
    expect(inputErrors(oneArgument)).toEqual({ rationale: 'rationale must not be blank' });
    expect(
      inputErrors(new CombinedError({ graphQLErrors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] })),
    ).toEqual({});
  });

  it('leaves nothing to say beside the action once every refused input is shown by its field', () => {
    expect(unshownError(refused, ['title', 'items[1].rationale'])).toBeUndefined();
    expect(unshownError(refused, ['title'])).toBe(refused);
    const forbidden = new CombinedError({ graphQLErrors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] });
    expect(unshownError(forbidden, ['title'])).toBe(forbidden);
  });
});
