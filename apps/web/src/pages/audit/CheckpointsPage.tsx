import { Title } from '@mantine/core';

export default function CheckpointsPage() {
  return <Title order={1}>CheckpointsPage</Title>;
}
