import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A status, tier or band written out, tinted with its colour: the text stays dark on the light tint so that it
 * reads at WCAG AA contrast whatever the colour, and the words (never the colour alone) carry the meaning.
 */
export function Tag({ colour = 'gray', size, children }: { colour?: string; size?: 'sm' | 'lg'; children: ReactNode }) {
  return (
    <Badge variant="light" color={colour} c="dark.8" size={size} tt="none">
      {children}
    </Badge>
  );
}
