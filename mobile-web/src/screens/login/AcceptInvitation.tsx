import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';

import { graphql } from '../../graphql';
import { ApiError, NetworkError, gql } from '../../net/gql';
import { login } from '../../net/session';
import { t } from '../../i18n';

const AcceptInvitationDoc = graphql(`
  mutation AcceptInvitation($i: AcceptInvitationInput!) {
    acceptInvitation(input: $i) { username }
  }
`);

/** The first user of a partner office or institution: the invitation's code (from the link
 *  or typed as it was read out), a username and password of their own; then logged in. */
export function AcceptInvitation({ code: fromLink }: { code: string }) {
  const { route } = useLocation();
  const [code, setCode] = useState(fromLink);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const m = t.value.invite;

  async function submit(e: Event) {
    e.preventDefault();
    if (password !== repeat) {
      setError(m.mismatch);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const made = await gql(AcceptInvitationDoc, { i: { code, username, password } });
      await login(made.acceptInvitation.username, password);
      route('/', true);
    } catch (err) {
      if (err instanceof NetworkError) setError(m.offline);
      else setError(err instanceof ApiError || err instanceof Error ? err.message : t.value.errors.generic);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card login" onSubmit={submit}>
      <h1>{m.title}</h1>
      <p class="note">{m.explain}</p>
      <label>
        {m.code}
        <input name="code" autocapitalize="characters" autocomplete="off" required value={code}
          onInput={(e) => setCode(e.currentTarget.value)} />
      </label>
      <label>
        {m.username}
        <input name="username" autocomplete="username" autocapitalize="none" required value={username}
          placeholder="nama@kantor" onInput={(e) => setUsername(e.currentTarget.value)} />
      </label>
      <label>
        {m.password}
        <input name="password" type="password" autocomplete="new-password" required minLength={10} value={password}
          onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <label>
        {m.repeat}
        <input name="repeat" type="password" autocomplete="new-password" required value={repeat}
          onInput={(e) => setRepeat(e.currentTarget.value)} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" disabled={busy}>{m.submit}</button>
      <a href="/">{m.toLogin}</a>
    </form>
  );
}
