import { AppShell, Burger, Button, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { NAV } from './lib/nav';
import { useSession } from './lib/session';
import HomePage from './pages/HomePage';
import SignInPage from './pages/SignInPage';

// Each area is loaded when first opened: the first page needs only the shell and the sign-in form.
const CatalogPage = lazy(() => import('./pages/catalog/CatalogPage'));
const ModelPage = lazy(() => import('./pages/catalog/ModelPage'));
const RequestsPage = lazy(() => import('./pages/requests/RequestsPage'));
const RequestFormPage = lazy(() => import('./pages/requests/RequestFormPage'));
const ComparePage = lazy(() => import('./pages/requests/ComparePage'));
const RequestPage = lazy(() => import('./pages/review/RequestPage'));
const QueuePage = lazy(() => import('./pages/review/QueuePage'));
const AuditEventsPage = lazy(() => import('./pages/audit/AuditEventsPage'));
const VerifyChainPage = lazy(() => import('./pages/audit/VerifyChainPage'));
const CheckpointsPage = lazy(() => import('./pages/audit/CheckpointsPage'));
const ExportsPage = lazy(() => import('./pages/audit/ExportsPage'));
const PortfolioPage = lazy(() => import('./pages/audit/PortfolioPage'));
const PoliciesPage = lazy(() => import('./pages/admin/PoliciesPage'));
const PolicyPage = lazy(() => import('./pages/admin/PolicyPage'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));

function Shell({ children }: { children: ReactNode }) {
  const { user, signOut, hasRole } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const items = NAV.filter((i) => !i.roles || hasRole(...i.roles));
  // The longest link that is a prefix of the path is the current one.
  const current = items
    .filter((i) => location.pathname === i.to || (i.to !== '/' && location.pathname.startsWith(`${i.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0];
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Text fw={700} component={Link} to="/">
              Model adoption governance
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm">
              {user!.displayName} · {user!.organisation.name} ·{' '}
              {user!.roles.join(', ').toLowerCase().replaceAll('_', ' ')}
            </Text>
            <Button size="xs" variant="default" onClick={() => signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <nav>
          {items.map((i) => (
            <NavLink
              key={i.to}
              component={Link}
              to={i.to}
              label={i.label}
              active={i === current}
              aria-current={i === current ? 'page' : undefined}
              onClick={close}
            />
          ))}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>
        <main>{children}</main>
      </AppShell.Main>
    </AppShell>
  );
}

function NotFound() {
  return (
    <Stack>
      <Title order={1}>Not found</Title>
      <Text>
        There is no page at this address. <Link to="/">Go to the start page.</Link>
      </Text>
    </Stack>
  );
}

export function App() {
  const { user } = useSession();
  if (!user) return <SignInPage />;
  return (
    <Shell>
      <Suspense fallback={<Loader aria-label="Loading" />}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/catalog" element={<CatalogPage />} />
          <Route path="/catalog/:id" element={<ModelPage />} />
          <Route path="/requests" element={<RequestsPage />} />
          <Route path="/requests/new" element={<RequestFormPage />} />
          <Route path="/requests/:id/edit" element={<RequestFormPage />} />
          <Route path="/requests/:id/compare" element={<ComparePage />} />
          <Route path="/requests/:id" element={<RequestPage />} />
          <Route path="/queue" element={<QueuePage />} />
          <Route path="/audit" element={<AuditEventsPage />} />
          <Route path="/audit/verify" element={<VerifyChainPage />} />
          <Route path="/audit/checkpoints" element={<CheckpointsPage />} />
          <Route path="/audit/exports" element={<ExportsPage />} />
          <Route path="/portfolio" element={<PortfolioPage />} />
          <Route path="/policies" element={<PoliciesPage />} />
          <Route path="/policies/:id" element={<PolicyPage />} />
          <Route path="/users" element={<UsersPage />} />
          <Route path="/signin" element={<Navigate to="/" replace />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}
