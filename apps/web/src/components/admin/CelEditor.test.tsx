import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test-utils';
import { caretExcerpt, CelEditor } from './CelEditor';

describe('CelEditor', () => {
  it('shows the problem at its line and column, quoting the line with a caret under the column', () => {
    const source = 'request.sector == "EDUCATION" &&\n  model.nonsense';
    renderWithProviders(
      <CelEditor
        label="Condition"
        value={source}
        problem={{ message: 'Unknown field nonsense (line 2, column 9)', line: 2, column: 9 }}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Line 2, column 9: Unknown field nonsense');
    const excerpt = screen.getByLabelText('Line 2 of the condition, column 9 marked');
    expect(excerpt.textContent).toBe('2 |   model.nonsense\n  |         ^');
    // The caret stands under the ninth character of the quoted line.
    const [quoted, caret] = excerpt.textContent!.split('\n');
    expect(caret.indexOf('^') - '  | '.length).toBe(8);
    expect(quoted.slice('2 | '.length)[8]).toBe('n');
    expect(screen.getByLabelText('Condition').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows a problem without a position as its message alone', () => {
    renderWithProviders(
      <CelEditor label="Condition" value="true" problem={{ message: 'The condition must not be empty' }} />,
    );
    expect(screen.getByRole('alert').textContent).toMatch(/^The condition must not be empty$/);
    expect(screen.queryByLabelText(/marked$/)).toBeNull();
  });

  it('edits the condition and shows no problem when there is none', async () => {
    function Harness() {
      const [value, setValue] = useState('');
      return (
        <>
          <CelEditor label="Condition" value={value} onChange={setValue} />
          <output>{value}</output>
        </>
      );
    }
    renderWithProviders(<Harness />);
    await userEvent.type(screen.getByLabelText('Condition'), 'request.sector == "HEALTH"');
    expect(screen.getByRole('status').textContent).toContain('request.sector == "HEALTH"');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('clamps a caret beyond the text to the end of the line', () => {
    expect(caretExcerpt('a\nbc', 2, 3)).toBe('2 | bc\n  |   ^');
  });
});
