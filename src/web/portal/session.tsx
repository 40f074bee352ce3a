// The signed-in portal user (a member of the public with a portal account, not a console user). The session is
// the HTTP-only zs_portal cookie; GET /account/me says who it is and hands over the CSRF token for writes.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { OPEN_API, portalApi, setPortalCsrf } from './api';
import type { PortalSessionAnswer, PortalUser } from './types';

export interface RegisterInput {
  email: string;
  password: string;
  displayName: string;
  organisation?: string;
}

export interface PortalSessionValue {
  user: PortalUser | null;
  loading: boolean;
  login(email: string, password: string): Promise<PortalUser>;
  register(input: RegisterInput): Promise<PortalUser>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<PortalSessionValue | null>(null);

export function PortalSessionProvider(props: { children: React.ReactNode }) {
  const [user, setUser] = useState<PortalUser | null>(null);
  const [loading, setLoading] = useState(true);

  const adopt = useCallback((answer: PortalSessionAnswer) => {
    setPortalCsrf(answer.csrfToken);
    setUser(answer.user);
    return answer.user;
  }, []);

  const refresh = useCallback(async () => {
    try {
      adopt(await portalApi.get<PortalSessionAnswer>(`${OPEN_API}/account/me`));
    } catch {
      // 401 portal.login_required (nobody signed in) or unreachable: anonymous either way.
      setPortalCsrf(null);
      setUser(null);
    }
  }, [adopt]);

  useEffect(() => {
    void refresh().finally(() => setLoading(false));
  }, [refresh]);

  const login = useCallback(
    async (email: string, password: string) => adopt(await portalApi.post<PortalSessionAnswer>(`${OPEN_API}/account/login`, { email, password })),
    [adopt],
  );

  const register = useCallback(
    async (input: RegisterInput) => adopt(await portalApi.post<PortalSessionAnswer>(`${OPEN_API}/account/register`, input)),
    [adopt],
  );

  const logout = useCallback(async () => {
    try {
      await portalApi.post(`${OPEN_API}/account/logout`);
    } finally {
      setPortalCsrf(null);
      setUser(null);
    }
  }, []);

  const value = useMemo<PortalSessionValue>(() => ({ user, loading, login, register, logout, refresh }), [user, loading, login, register, logout, refresh]);
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function usePortalSession(): PortalSessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('usePortalSession must be used inside <PortalSessionProvider>');
  return value;
}
