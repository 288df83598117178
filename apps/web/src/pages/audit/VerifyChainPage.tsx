import { Title } from '@mantine/core';

export default function VerifyChainPage() {
  return <Title order={1}>VerifyChainPage</Title>;
}
