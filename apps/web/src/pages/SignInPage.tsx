import { Alert, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useSession } from '../lib/session';

/** The existing login: the token it returns is kept in memory for this tab only. */
export default function SignInPage() {
  const { signIn, endedBecause } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(await signIn(email.trim(), password));
    setBusy(false);
  }

  return (
    <Container size={420} py={80} component="main">
      <Title order={1} ta="center">
        Model adoption governance
      </Title>
      <Text c="dimmed" size="sm" ta="center" mt={5}>
        Decide which AI models your organisation may adopt, and keep the evidence.
      </Text>
      <Paper withBorder shadow="sm" p="lg" mt="xl" radius="md">
        <form onSubmit={submit} aria-label="Sign in">
          <Stack>
            {endedBecause && (
              <Alert color="yellow" role="status">
                {endedBecause}
              </Alert>
            )}
            <TextInput
              label="Email address"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={error}
            />
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              You stay signed in while this tab is open; reloading the page or signing out ends the session.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
