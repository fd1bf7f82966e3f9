/// <reference lib="webworker" />
// The service worker: the built app is precached, every navigation opens it (so a deep
// link works offline), and the API is never cached here: the app keeps its own data.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare let self: ServiceWorkerGlobalScope;

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/graphql/, /^\/graphiql/, /^\/documents\//, /^\/verify/, /^\/healthz/, /^\/readyz/],
  }),
);

// The first install takes the open page at once; later versions wait until the app asks.
clientsClaim();
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});
