import { useEffect } from 'preact/hooks';

import { useKept } from '../../ui/kept';
import { graphql } from '../../graphql';
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

/** The steps waiting for me, soonest due first; the last copy when offline. */
export function Tasks() {
  const [tasks, refresh] = useKept('tasks', MyTasksDoc, {}, (r) => r.myTasks);
  const m = t.value.tasks;

  useEffect(() => {
    void refresh();
  }, []);

  const en = locale.value === 'en';
  return (
    <section>
      <header class="row">
        <h1>{m.title}</h1>
        <button type="button" class="secondary" onClick={refresh} >{m.refresh}</button>
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
