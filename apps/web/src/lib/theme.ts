import { createTheme, type CSSVariablesResolver, darken, DEFAULT_THEME } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Darker shades than the defaults, so that text on filled buttons and links passes WCAG AA contrast.
  primaryShade: 8,
});

/**
 * Text of the light variants (alert titles, badges, the current and hovered navigation link) in each colour:
 * the ninth shade darkened by 40%, which keeps at least 5:1 on that colour's light and hover backgrounds (the
 * default ninth shade falls to 2.5:1 for yellow and 4.1:1 for indigo on hover).
 */
const LIGHT_VARIANT_TEXT = Object.fromEntries(
  Object.entries(DEFAULT_THEME.colors).map(([name, shades]) => [
    `--mantine-color-${name}-light-color`,
    darken(shades[9], 0.4),
  ]),
);

/** Dimmed text, errors, placeholders and light variants dark enough for WCAG AA (4.5:1). */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': 'var(--mantine-color-indigo-9)',
    ...LIGHT_VARIANT_TEXT,
  },
  dark: {},
});
