// A list read from the server and kept on the phone: shown at once from the last copy,
// refreshed when the server answers, never overwritten by an older answer.
import { useEffect, useRef, useState } from 'preact/hooks';

import type { TypedDocumentString } from '../graphql/graphql';
import { NetworkError } from '../net/gql';
import { authed, session } from '../net/session';
import { type Cached, getMeta, setMeta } from '../store/db';

export function useKept<R, V, T>(
  key: string,
  doc: TypedDocumentString<R, V>,
  variables: V,
  pick: (r: R) => T,
): [Cached<T> | null, () => Promise<void>] {
  const [kept, setKept] = useState<Cached<T> | null>(null);
  const asked = useRef(0);

  async function refresh() {
    const mine = ++asked.current;
    const who = session.value?.userId;
    try {
      const data = pick(await authed(doc, variables));
      if (mine !== asked.current || session.value?.userId !== who) return;
      const fresh = { at: new Date().toISOString(), data };
      await setMeta(key, fresh);
      setKept(fresh);
    } catch (e) {
      // Offline: the last copy stays on screen.
      if (!(e instanceof NetworkError)) console.error(e);
    }
  }

  useEffect(() => {
    void getMeta<Cached<T>>(key).then((c) => c && setKept((cur) => cur ?? c));
  }, [key]);

  return [kept, refresh];
}
