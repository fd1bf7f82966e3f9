import { useEffect, useState } from 'preact/hooks';

import { type Cached, getMeta, setMeta } from '../../api/db';
import { NetworkError } from '../../api/gql';
import { authed } from '../../api/session';
import { graphql } from '../../graphql';
import type { MyTasksQuery } from '../../graphql/graphql';
import { formatTime, locale, t } from '../../i18n';

const MyTasksDoc = graphql(`
  query MyTasks {
    myTasks {
      id
      caseId
      key
      number
      text
      textEn
      dueAt
      overdue
      paused
      startedAt
      case { sop { code name nameEn } client { displayName } }
    }
  }
`);

type Task = MyTasksQuery['myTasks'][number];

/** The steps waiting for me, soonest due first; the last copy when offline. */
export function Tasks() {
  const [tasks, setTasks] = useState<Cached<Task[]> | null>(null);
  const [loading, setLoading] = useState(false);
  const m = t.value.tasks;

  async function refresh() {
    setLoading(true);
    try {
      const data = (await authed(MyTasksDoc, {})).myTasks;
      const fresh = { at: new Date().toISOString(), data };
      await setMeta('tasks', fresh);
      setTasks(fresh);
    } catch (e) {
      if (!(e instanceof NetworkError)) console.error(e);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void getMeta<Cached<Task[]>>('tasks').then((c) => c && setTasks((cur) => cur ?? c));
    void refresh();
  }, []);

  const en = locale.value === 'en';
  return (
    <section>
      <header class="row">
        <h1>{m.title}</h1>
        <button type="button" class="secondary" onClick={refresh} disabled={loading}>{m.refresh}</button>
      </header>
      {tasks && <p class="muted" data-testid="tasks-at">{t.value.net.lastSync}: {formatTime(tasks.at)}</p>}
      {tasks?.data.length === 0 && <p>{m.empty}</p>}
      <ul class="list" data-testid="tasks">
        {tasks?.data.map((task) => (
          <li key={task.id} class={task.overdue ? 'task overdue' : 'task'}>
            <div class="task-head">
              <a href={`/kasus/${task.caseId}`}>
                <strong>{task.case?.client?.displayName ?? (en ? task.case?.sop.nameEn : task.case?.sop.name)}</strong>
              </a>
              {task.overdue && <span class="chip danger">{m.overdue}</span>}
              {task.paused && <span class="chip">{m.paused}</span>}
            </div>
            <div>{m.step} {task.number}: {en ? task.textEn : task.text}</div>
            <div class="muted">
              {task.dueAt ? `${m.due}: ${formatTime(task.dueAt)}` : m.noStandard}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
