import { useEffect } from 'preact/hooks';

import { reachable } from '../api/gql';
import { logout, needsPassword, online, session } from '../api/session';
import { setLocale, locale, t } from '../i18n';
import { Login } from '../screens/login/Login';
import { Tasks } from '../screens/tasks/Tasks';

/** The frame around every screen: who is logged in, the connection as the server answers
 * it, the language switch. */
export function App() {
  useEffect(() => {
    // Ask the server, not the browser's flag, whenever the phone says something changed.
    const check = async () => {
      online.value = await reachable();
    };
    window.addEventListener('online', check);
    window.addEventListener('offline', check);
    document.addEventListener('visibilitychange', check);
    void check();
    return () => {
      window.removeEventListener('online', check);
      window.removeEventListener('offline', check);
      document.removeEventListener('visibilitychange', check);
    };
  }, []);

  const m = t.value;
  const s = session.value;
  return (
    <>
      <header class="bar">
        <span class="brand">{m.appName}</span>
        <span class={online.value ? 'chip ok' : 'chip warn'} data-testid="net">
          {online.value ? m.net.online : m.net.offline}
        </span>
        <button type="button" class="link" onClick={() => setLocale(locale.value === 'id' ? 'en' : 'id')}>
          {m.nav.language}
        </button>
        {s && (
          <button type="button" class="link" onClick={() => void logout()}>
            {m.nav.logout}
          </button>
        )}
      </header>
      <main>{!s || needsPassword.value ? <Login again={!!s} /> : <Tasks />}</main>
    </>
  );
}
