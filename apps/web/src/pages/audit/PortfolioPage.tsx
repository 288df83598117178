import { Title } from '@mantine/core';

export default function PortfolioPage() {
  return <Title order={1}>PortfolioPage</Title>;
}
