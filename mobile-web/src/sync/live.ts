// Live updates while the server answers: the office's case events over graphql-ws
// (graphql-transport-ws at /graphql/ws, the token in connection_init since a browser
// WebSocket carries no headers). Each event brings the phone's copy up to date, which the
// open lists follow; when the socket cannot stay up, the lists' own polling carries on.
import { createClient } from 'graphql-ws';

import { session } from '../net/session';
import { pull } from './workingSet';

const CASE_EVENTS = 'subscription { caseEvents { action caseId } }';

/** Starts listening (office staff only); returns the function that stops it. */
export function watchCaseEvents(): () => void {
  const me = session.value;
  if (me?.works !== 'OFFICE') return () => {};
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql/ws`;
  const client = createClient({
    url,
    lazy: false,
    retryAttempts: Infinity,
    // The token of the moment: a renewed one is used on the next reconnect.
    connectionParams: () => ({ Authorization: `Bearer ${session.value?.accessToken ?? ''}` }),
  });
  // One pull at a time; events that come during it ask for one more after it.
  let pulling = false;
  let again = false;
  const catchUp = async () => {
    if (pulling) return void (again = true);
    pulling = true;
    do {
      again = false;
      await pull().catch(() => undefined);
    } while (again);
    pulling = false;
  };
  const stop = client.subscribe(
    { query: CASE_EVENTS },
    {
      next: () => void catchUp(),
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return () => {
    stop();
    void client.dispose();
  };
}
