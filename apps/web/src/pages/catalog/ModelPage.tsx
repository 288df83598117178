import { Title } from '@mantine/core';

export default function ModelPage() {
  return <Title order={1}>ModelPage</Title>;
}
