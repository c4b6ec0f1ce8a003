import { Link } from "@remix-run/react";

export type TaskStatus = "completed" | "incomplete" | "not-started" | "cannot-start";

const PLAIN = "nhsuk-tag nhsuk-tag--no-colour nhsuk-tag--no-border nhsuk-u-font-weight-normal";
const STATUS: Record<TaskStatus, { text: string; className: string }> = {
  completed: { text: "Completed", className: PLAIN },
  incomplete: { text: "Incomplete", className: "nhsuk-tag nhsuk-tag--blue" },
  "not-started": { text: "Not started", className: "nhsuk-tag nhsuk-tag--blue" },
  "cannot-start": { text: "Cannot start yet", className: `${PLAIN} nhsuk-u-secondary-text-colour` },
};

/** The NHS.UK task list (nhsuk-frontend 10 `task-list`): each task a link, unless it cannot start yet, with its status. */
export function TaskList({ idPrefix, items }: { idPrefix: string; items: { title: string; href?: string; hint?: string; status: TaskStatus }[] }) {
  return (
    <ul className="nhsuk-task-list">
      {items.map((item, i) => {
        const statusId = `${idPrefix}-${i + 1}-status`;
        const hintId = `${idPrefix}-${i + 1}-hint`;
        const status = STATUS[item.status];
        return (
          <li className={`nhsuk-task-list__item${item.href ? " nhsuk-task-list__item--with-link" : ""}`} key={item.title}>
            <div className="nhsuk-task-list__name-and-hint">
              {item.href ? (
                <Link className="nhsuk-task-list__link nhsuk-link" to={item.href} aria-describedby={item.hint ? `${hintId} ${statusId}` : statusId}>
                  {item.title}
                </Link>
              ) : (
                <div>{item.title}</div>
              )}
              {item.hint ? (
                <div className="nhsuk-task-list__hint" id={hintId}>
                  {item.hint}
                </div>
              ) : null}
            </div>
            <div className="nhsuk-task-list__status" id={statusId}>
              <strong className={status.className}>{status.text}</strong>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
