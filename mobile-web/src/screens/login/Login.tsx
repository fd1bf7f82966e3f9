import { useState } from 'preact/hooks';

import { ApiError, NetworkError } from '../../net/gql';
import { login, session } from '../../net/session';
import { t } from '../../i18n';

/** The login form; after a refused refresh it asks only for the password again. */
export function Login({ again = false }: { again?: boolean }) {
  const [username, setUsername] = useState(session.value?.username ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const m = t.value.login;

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      if (err instanceof NetworkError) setError(m.offline);
      else if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') setError(m.wrong);
      else setError(err instanceof Error ? err.message : t.value.errors.generic);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card login" onSubmit={submit}>
      <h1>{m.title}</h1>
      {again && <p class="note">{m.again}</p>}
      <label>
        {m.username}
        <input name="username" autocomplete="username" autocapitalize="none" required value={username}
          readOnly={again} onInput={(e) => setUsername(e.currentTarget.value)} />
      </label>
      <label>
        {m.password}
        <input name="password" type="password" autocomplete="current-password" required value={password}
          onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" disabled={busy}>{m.submit}</button>
      {!again && <a href="/undangan/" data-testid="have-code">{m.haveCode}</a>}
    </form>
  );
}
