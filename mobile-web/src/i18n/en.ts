import type { Messages } from './id';

// English: typed against the Indonesian messages, so a missing key fails the build.
export const en: Messages = {
  appName: 'Layanan Rehsos',
  login: {
    title: 'Log in',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    wrong: 'Wrong username or password.',
    offline: 'The server cannot be reached. The first login needs a connection.',
    again: 'Your session has ended. Enter your password again; the data on this phone is safe.',
  },
  nav: { tasks: 'My tasks', logout: 'Log out', language: 'Bahasa Indonesia' },
  net: {
    online: 'Connected',
    offline: 'Not connected — working from the data on this phone',
    lastSync: 'Last updated',
  },
  tasks: {
    title: 'My tasks',
    empty: 'No step is waiting for you.',
    due: 'Due',
    overdue: 'Overdue',
    noStandard: 'No time standard',
    paused: 'Clock stopped',
    step: 'Step',
    refresh: 'Refresh',
  },
  errors: { generic: 'Something went wrong. Try again.' },
};
