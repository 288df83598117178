import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { NAV } from '../lib/nav';
import { useSession } from '../lib/session';

/** What each role comes here to do, linked. */
const ROLE_GUIDE: Record<string, { title: string; text: string; to: string }> = {
  REQUESTER: {
    title: 'Request a model',
    text: 'Describe the use, compare open and closed options side by side, then submit for review.',
    to: '/requests/new',
  },
  REVIEWER: {
    title: 'Review requests',
    text: 'Check the automatic pre-assessment, assess each risk, then complete the review or ask for changes.',
    to: '/queue',
  },
  APPROVER: {
    title: 'Decide',
    text: 'Vote with your rationale and conditions; see what each approval still needs.',
    to: '/queue',
  },
  AUDITOR: {
    title: 'Audit',
    text: 'Read the decision history, verify the hash chain, keep signed checkpoints and exports.',
    to: '/audit',
  },
  POLICY_ADMIN: {
    title: 'Policies',
    text: 'Write the rules every request is judged by, test them on real requests, publish them.',
    to: '/policies',
  },
  ORG_ADMIN: {
    title: 'People',
    text: 'Invite users, give them roles and the expertise approvals require.',
    to: '/users',
  },
};

export default function HomePage() {
  const { user, hasRole } = useSession();
  const guides = user!.roles.map((r) => ROLE_GUIDE[r]).filter(Boolean);
  return (
    <Stack>
      <Title order={1}>Welcome, {user!.displayName}</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {guides.map((g) => (
          <Card key={g.title} withBorder>
            <Title order={2} size="h4">
              <Anchor component={Link} to={g.to}>
                {g.title}
              </Anchor>
            </Title>
            <Text size="sm" mt="xs">
              {g.text}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        Also open to you:{' '}
        {NAV.filter((i) => i.to !== '/' && (!i.roles || hasRole(...i.roles))).map((i, n) => (
          <span key={i.to}>
            {n > 0 && ' · '}
            <Anchor component={Link} to={i.to}>
              {i.label}
            </Anchor>
          </span>
        ))}
      </Text>
    </Stack>
  );
}
