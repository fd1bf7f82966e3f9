import { useState } from 'preact/hooks';

import { t } from '../i18n';
import { ApiError } from '../net/gql';

/** A call only the server can answer (a signature, a letter number, a journey plan): busy
 * while it runs, and the server's refusal, or "needs the server", when it fails. */
export function useServerCall() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(call: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await call();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t.value.work.needsServer);
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}
