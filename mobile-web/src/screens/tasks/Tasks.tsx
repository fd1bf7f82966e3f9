import { useEffect } from 'preact/hooks';

import { useKept } from '../../ui/kept';
import { graphql } from '../../graphql';
import { formatTime, locale, t } from '../../i18n';
import { casesChanged } from '../../sync/workingSet';

const MyTasksDoc = graphql(`
  query MyTasks {
    myTasks {
      kind
      title
      dueAt
      overdue
      escalated
      since
      caseId
      step {
        id
        key
        number
        text
        textEn
        paused
        case { sop { code name nameEn } client { displayName } }
      }
      relayLeg { id }
    }
  }
`);

/** What waits for me (case steps, clients arriving on a relay leg), soonest due first;
 *  the last copy when offline. */
export function Tasks() {
  const [tasks, refresh] = useKept('tasks', MyTasksDoc, {}, (r) => r.myTasks);
  const m = t.value.tasks;

  // Read again whenever the office's cases change on the phone (each round of sending
  // pulls them), and every little while for what others did.
  useEffect(() => {
    void refresh();
  }, [casesChanged.value]);
  useEffect(() => {
    const timer = setInterval(() => void refresh(), 30_000);
    return () => clearInterval(timer);
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
        {tasks?.data.map((task) => {
          const step = task.step;
          // A transfer to answer has no screen on the phone yet: it is listed, not linked.
          const href = step ? `/kasus/${task.caseId}/langkah` : task.relayLeg ? '/estafet' : null;
          const heading = step
            ? step.case?.client?.displayName ?? (en ? step.case?.sop.nameEn : step.case?.sop.name)
            : task.title;
          return (
          <li key={step?.id ?? task.relayLeg?.id ?? task.since} class={task.overdue ? 'task overdue' : 'task'}>
            <div class="task-head">
              {href ? <a href={href}><strong>{heading}</strong></a> : <strong>{heading}</strong>}
              {task.overdue && <span class="chip danger">{m.overdue}</span>}
              {task.escalated && <span class="chip">{m.escalated}</span>}
              {step?.paused && <span class="chip">{m.paused}</span>}
            </div>
            {step && <div>{m.step} {step.number}: {en ? step.textEn : step.text}</div>}
            <div class="muted">
              {task.dueAt ? `${m.due}: ${formatTime(task.dueAt)}` : m.noStandard}
            </div>
          </li>
          );
        })}
      </ul>
    </section>
  );
}
