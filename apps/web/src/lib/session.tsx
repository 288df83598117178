import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';
import { createSessionClient } from './client';

export const SIGN_IN = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
      expiresAt
      user {
        id
        displayName
        email
        roles
        expertise
        organisation {
          id
          name
        }
      }
    }
  }
`);

export interface SessionUser {
  id: string;
  displayName: string;
  email: string;
  roles: Role[];
  expertise: string[];
  organisation: { id: string; name: string };
}

interface SessionState {
  user: SessionUser | null;
  /** Why the last session ended, shown on the sign-in page. */
  endedBecause: string | null;
  signIn(email: string, password: string): Promise<string | null>;
  signOut(reason?: string): void;
  hasRole(...roles: Role[]): boolean;
  /** `fetch` to the service with the session's token (e.g. the audit export); the token stays in memory. */
  authFetch(url: string, init?: RequestInit): Promise<Response>;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * Who is signed in, and the GraphQL client that carries their token (kept in memory only). Every screen
 * below reads the user from `useSession()` and talks to the API through the urql client it provides.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<{ token: string; user: SessionUser } | null>(null);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    setSession(null);
    setEndedBecause(reason ?? null);
  }, []);
  const client = useMemo(() => createSessionClient(session?.token ?? null, signOut), [session, signOut]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const result = await createSessionClient(null, signOut).mutation(SIGN_IN, { email, password }).toPromise();
      const login = result.data?.login;
      if (!login) {
        const error = result.error?.graphQLErrors[0];
        if (error?.extensions?.code === 'UNAUTHENTICATED') return 'The email address or the password is wrong.';
        return error?.message ?? result.error?.message ?? 'The service did not answer.';
      }
      setEndedBecause(null);
      setSession({ token: login.accessToken, user: login.user });
      return null;
    },
    [signOut],
  );

  const value = useMemo<SessionState>(
    () => ({
      user: session?.user ?? null,
      endedBecause,
      signIn,
      signOut,
      hasRole: (...roles) => !!session && roles.some((r) => session.user.roles.includes(r)),
      authFetch: (url, init) => {
        const headers = new Headers(init?.headers);
        if (session) headers.set('authorization', `Bearer ${session.token}`);
        return fetch(url, { ...init, headers });
      },
    }),
    [session, endedBecause, signIn, signOut],
  );
  return (
    <SessionContext.Provider value={value}>
      <Provider value={client}>{children}</Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
