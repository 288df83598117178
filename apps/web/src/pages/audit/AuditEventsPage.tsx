import { Title } from '@mantine/core';

export default function AuditEventsPage() {
  return <Title order={1}>AuditEventsPage</Title>;
}
