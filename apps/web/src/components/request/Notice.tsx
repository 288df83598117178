import { Alert, type AlertProps } from '@mantine/core';

/**
 * An Alert whose title is in the body text's colour: the light variants' coloured titles fall below 4.5:1 on
 * their tinted background. The colour only adds to the words, which say what happened.
 */
export function Notice(props: AlertProps) {
  return <Alert {...props} styles={{ title: { color: 'var(--mantine-color-text)' } }} />;
}
