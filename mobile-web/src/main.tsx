import { render } from 'preact';
import { Workbox } from 'workbox-window';

import { restoreSession } from './api/session';
import { locale } from './i18n';
import { App } from './shell/App';
import './styles.css';

document.documentElement.lang = locale.value;
// The service worker keeps the app shell on the phone so it opens without a network.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void new Workbox('/sw.js').register();
}

void restoreSession().then(() => render(<App />, document.getElementById('app')!));
