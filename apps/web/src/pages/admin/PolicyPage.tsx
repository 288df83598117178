import { Title } from '@mantine/core';

export default function PolicyPage() {
  return <Title order={1}>PolicyPage</Title>;
}
