import { LocationProvider, Route, Router, lazy, useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';

import type { Role } from '../graphql/graphql';
import { locale, setLocale, t } from '../i18n';
import { logout, needsPassword, online, session } from '../net/session';
import { Clients } from '../screens/clients/Clients';
import { Register } from '../screens/clients/Register';
import { ClientEdit } from '../screens/clients/ClientEdit';
import { Assessment } from '../screens/clients/Assessment';
import { CaseView } from '../screens/case/CaseView';
import { AcceptInvitation } from '../screens/login/AcceptInvitation';
import { Login } from '../screens/login/Login';
import { LksApplicationView } from '../screens/lks/LksApplication';
import { LksHome } from '../screens/lks/LksHome';
import { Referrals } from '../screens/referrals/Referrals';
import { Relay } from '../screens/relay/Relay';
import { Tasks } from '../screens/tasks/Tasks';
import { Unsent } from '../screens/unsent/Unsent';
import { watchConnection } from '../sync/lifecycle';

// The casework screens load only when a step is opened: the first load stays small.
const StepWork = lazy(() => import('../screens/case/StepWork').then((m) => m.StepWork));
const ClientView = lazy(() => import('../screens/clients/ClientView').then((m) => m.ClientView));
const Books = lazy(() => import('../screens/books/Books').then((m) => m.Books));

/** Who keeps and reads the office's books (the server says the same). */
const BOOK_READERS: Role[] = ['STAF', 'KASI', 'KABID', 'SEKRETARIS', 'KADIS'];
import { unsentCount } from '../sync/outbox';

/** The frame around every screen: who is logged in, the connection as the server answers
 * it, what is not sent yet, the language switch. */
export function App() {
  useEffect(watchConnection, []);
  // Who is logged in decides what the socket may hear: it follows the session.
  // The socket client loads after the first screen, as its own chunk.
  useEffect(() => {
    if (!session.value) return;
    let stop: (() => void) | null = null;
    let gone = false;
    void import('../sync/live').then((m) => { if (!gone) stop = m.watchCaseEvents(); });
    return () => { gone = true; stop?.(); };
  }, [session.value?.userId]);

  const m = t.value;
  const s = session.value;
  const works = s?.works ?? 'OFFICE';
  const keepsBooks = works === 'OFFICE' && (s?.roles ?? []).some((r) => BOOK_READERS.includes(r));

  function leave() {
    if (unsentCount.value > 0 && !window.confirm(m.nav.logoutUnsent)) return;
    void logout();
  }

  return (
    <LocationProvider>
      <header class="bar">
        <span class="brand">{m.appName}</span>
        <span class={online.value ? 'chip ok' : 'chip warn'} data-testid="net">
          {online.value ? m.net.online : m.net.offline}
        </span>
        <button type="button" class="link" onClick={() => setLocale(locale.value === 'id' ? 'en' : 'id')}>
          {m.nav.language}
        </button>
        {s && <button type="button" class="link" onClick={leave}>{m.nav.logout}</button>}
      </header>
      {s && !needsPassword.value && (
        <nav class="tabs">
          {works === 'OFFICE' && <a href="/">{m.nav.tasks}</a>}
          {works === 'OFFICE' && <a href="/klien">{m.nav.clients}</a>}
          {works === 'OFFICE' && <a href="/klien/baru">{m.nav.register}</a>}
          {works === 'OFFICE' && <a href="/estafet">{m.nav.relay}</a>}
          {keepsBooks && <a href="/buku" data-testid="books-link">{m.nav.books}</a>}
          {works === 'UPT' && <a href="/">{m.nav.referrals}</a>}
          {works === 'LKS' && <a href="/">{m.nav.lks}</a>}
          <a href="/belum-terkirim" data-testid="unsent-link">
            {m.nav.unsent}{unsentCount.value > 0 ? ` (${unsentCount.value})` : ''}
          </a>
        </nav>
      )}
      <main class={s && !needsPassword.value ? 'with-tabs' : ''}>
        {!s ? (
          <LoggedOut />
        ) : needsPassword.value ? (
          <Login again />
        ) : works === 'LKS' ? (
          <Router>
            <Route path="/belum-terkirim" component={Unsent} />
            <Route path="/lks/:id" component={LksApplicationView} />
            <Route default component={LksHome} />
          </Router>
        ) : works === 'UPT' ? (
          <Router>
            <Route path="/belum-terkirim" component={Unsent} />
            <Route default component={Referrals} />
          </Router>
        ) : (
          <Router>
            <Route path="/" component={Tasks} />
            <Route path="/kasus/:id" component={CaseView} />
            <Route path="/kasus/:id/langkah" component={StepWork} />
            <Route path="/estafet" component={Relay} />
            <Route path="/buku" component={Books} />
            <Route path="/klien" component={Clients} />
            <Route path="/klien/baru" component={Register} />
            <Route path="/klien/:id/ubah" component={ClientEdit} />
            <Route path="/klien/:id/asesmen" component={Assessment} />
            <Route path="/klien/:id" component={ClientView} />
            <Route path="/belum-terkirim" component={Unsent} />
            <Route default component={Tasks} />
          </Router>
        )}
      </main>
    </LocationProvider>
  );
}

/** Before anyone logs in: the login form, or an invitation's page (`/undangan/<code>`). */
function LoggedOut() {
  const { path } = useLocation();
  const invited = path.match(/^\/undangan\/?(.*)$/);
  return invited ? <AcceptInvitation code={decodeURIComponent(invited[1])} /> : <Login />;
}
