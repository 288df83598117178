import { act, renderHook, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../test-utils';
import { Pager, useCursorPages } from './Pager';

describe('cursor paging', () => {
  it('keeps the cursors of the pages seen, so that Previous returns to the page before', () => {
    const { result } = renderHook(() => useCursorPages());
    expect(result.current.after).toBeNull();
    act(() => void result.current.next('c1'));
    act(() => void result.current.next('c2'));
    expect(result.current).toMatchObject({ after: 'c2', page: 3 });
    act(() => result.current.previous());
    expect(result.current).toMatchObject({ after: 'c1', page: 2 });
    act(() => result.current.reset());
    expect(result.current).toMatchObject({ after: null, page: 1 });
    act(() => result.current.previous());
    expect(result.current.page).toBe(1);
  });

  it('offers Next only when there is a next page, and shows the total', async () => {
    function Harness({ hasNextPage }: { hasNextPage: boolean }) {
      const pages = useCursorPages();
      return (
        <>
          <span data-testid="after">{pages.after ?? 'start'}</span>
          <Pager pages={pages} hasNextPage={hasNextPage} endCursor="e1" totalCount={1234} label="requests" />
        </>
      );
    }
    const { rerender } = renderWithProviders(<Harness hasNextPage />);
    expect(screen.getByText(/1,234 requests in all/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Previous page' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.getByTestId('after').textContent).toBe('e1');
    expect(screen.getByText(/Page 2/)).toBeTruthy();
    rerender(<Harness hasNextPage={false} />);
    expect((screen.getByRole('button', { name: 'Next page' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('names one of them in the singular', () => {
    function One() {
      const pages = useCursorPages();
      return <Pager pages={pages} hasNextPage={false} endCursor={null} totalCount={1} label="events" />;
    }
    renderWithProviders(<One />);
    expect(screen.getByText(/1 event in all/)).toBeTruthy();
  });
});
