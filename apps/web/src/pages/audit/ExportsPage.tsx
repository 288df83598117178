import { Title } from '@mantine/core';

export default function ExportsPage() {
  return <Title order={1}>ExportsPage</Title>;
}
