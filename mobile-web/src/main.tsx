import { render } from 'preact';
import { Workbox } from 'workbox-window';

import { restoreSession } from './api/session';
import { initOutbox } from './sync/outbox';
import { locale } from './i18n';
import { App } from './shell/App';
import './styles.css';

document.documentElement.lang = locale.value;
// The service worker keeps the app shell on the phone so it opens without a network.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void new Workbox('/sw.js').register();
}

// The session first: the outbox counts only this worker's items.
void restoreSession()
  .then(initOutbox)
  .then(() => render(<App />, document.getElementById('app')!));
