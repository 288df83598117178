import { Title } from '@mantine/core';

export default function RequestFormPage() {
  return <Title order={1}>RequestFormPage</Title>;
}
