import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';

/** Forward/backward paging over a Relay-style connection: the cursors of the pages seen are kept. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1];
  return {
    after,
    page: cursors.length,
    next: (endCursor: string | null | undefined) => endCursor && setCursors((c) => [...c, endCursor]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    reset: () => setCursors([null]),
  };
}

export function Pager({
  pages,
  hasNextPage,
  endCursor,
  totalCount,
  label,
  singular,
}: {
  pages: ReturnType<typeof useCursorPages>;
  hasNextPage: boolean;
  endCursor: string | null | undefined;
  totalCount?: number | null;
  /** What the list holds, plural ("requests"). */
  label: string;
  /** One of them ("request"); default: label without its final s. */
  singular?: string;
}) {
  return (
    <Group justify="space-between" mt="sm" aria-label={`${label} pages`} role="navigation">
      <Text size="sm" c="dimmed">
        Page {pages.page}
        {totalCount != null
          ? ` · ${totalCount.toLocaleString('en')} ${totalCount === 1 ? (singular ?? label.replace(/s$/, '')) : label} in all`
          : ''}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={pages.page <= 1} onClick={pages.previous}>
          Previous page
        </Button>
        <Button variant="default" size="xs" disabled={!hasNextPage} onClick={() => pages.next(endCursor)}>
          Next page
        </Button>
      </Group>
    </Group>
  );
}
