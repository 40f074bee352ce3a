// The signed-in person. The session lives in an HTTP-only cookie, so the console learns who it is by
// asking `GET /api/v1/session`, which also hands over the CSRF token that every write must carry.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, UNAUTHENTICATED_EVENT } from './api/client';
import { hasStoredLocale, isLocale, useI18n } from './i18n';

export type Role = 'system_admin' | 'security_admin' | 'audit_admin' | 'data_admin' | 'dept_admin' | 'dept_operator';

export const ALL_ROLES: Role[] = ['system_admin', 'security_admin', 'audit_admin', 'data_admin', 'dept_admin', 'dept_operator'];
/** 三员分立: a user holds at most one of these. */
export const EXCLUSIVE_ADMIN_ROLES: Role[] = ['system_admin', 'security_admin', 'audit_admin'];

export interface Me {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: string | null;
  roles: Role[];
  mustChangePassword: boolean;
  locale: string;
}

interface SessionAnswer {
  user: Me;
  csrfToken: string;
}

export interface AuthValue {
  me: Me | null;
  loading: boolean;
  hasRole(...roles: Role[]): boolean;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

const SESSION_PATH = '/api/v1/session';

export function AuthProvider(props: { children: React.ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const { setLocale } = useI18n();

  const adopt = useCallback(
    (answer: SessionAnswer) => {
      api.setCsrfToken(answer.csrfToken);
      setMe(answer.user);
      // The user's saved language applies until they pick one on this browser.
      if (!hasStoredLocale() && isLocale(answer.user.locale)) setLocale(answer.user.locale);
    },
    [setLocale],
  );

  const forget = useCallback(() => {
    api.setCsrfToken(null);
    setMe(null);
  }, []);

  const refresh = useCallback(async () => {
    try {
      adopt(await api.get<SessionAnswer>(SESSION_PATH));
    } catch {
      // 401 (no session) or the server is unreachable: either way nobody is signed in here.
      forget();
    }
  }, [adopt, forget]);

  useEffect(() => {
    void refresh().finally(() => setLoading(false));
  }, [refresh]);

  // A 401 (expired, idle or revoked session) drops the user; the router then shows the login page.
  // `auth.invalid_credentials` is a wrong password typed on purpose (login, current password when
  // changing it), not a lost session, so it must not sign the person out.
  useEffect(() => {
    const onUnauthenticated = (event: Event) => {
      const code = (event as CustomEvent<{ code?: string }>).detail?.code;
      if (code !== 'auth.invalid_credentials') forget();
    };
    window.addEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
  }, [forget]);

  const login = useCallback(
    async (username: string, password: string) => {
      const answer = await api.post<SessionAnswer>(SESSION_PATH, { username, password });
      adopt(answer);
      return answer.user;
    },
    [adopt],
  );

  const logout = useCallback(async () => {
    try {
      await api.del(SESSION_PATH);
    } finally {
      forget();
    }
  }, [forget]);

  const value = useMemo<AuthValue>(
    () => ({
      me,
      loading,
      hasRole: (...roles: Role[]) => !!me && roles.some((role) => me.roles.includes(role)),
      login,
      logout,
      refresh,
    }),
    [me, loading, login, logout, refresh],
  );

  return <AuthContext.Provider value={value}>{props.children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
