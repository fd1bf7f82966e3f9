import { render } from 'preact';
import { Workbox } from 'workbox-window';

import { locale } from './i18n';
import { App } from './shell/App';
import { start } from './sync/lifecycle';
import './styles.css';

document.documentElement.lang = locale.value;
// The service worker keeps the app shell on the phone so it opens without a network.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void new Workbox('/sw.js').register();
}

// The modules wired and the session restored before the first screen.
void start().then(() => render(<App />, document.getElementById('app')!));
