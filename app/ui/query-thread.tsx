import { longDate } from "~/dates/long-date";
import type { loadQuery } from "~/reconciliation/queries.server";

type Loaded = NonNullable<Awaited<ReturnType<typeof loadQuery>>>;

export const QUERY_STATUS: Record<Loaded["query"]["status"], { label: string; tag: string }> = {
  open: { label: "Waiting for an answer", tag: "nhsuk-tag--orange" },
  answered: { label: "Answered: finance to check", tag: "nhsuk-tag--blue" },
  accepted: { label: "Closed: answer accepted", tag: "nhsuk-tag--green" },
  withdrawn: { label: "Closed: withdrawn", tag: "nhsuk-tag--grey" },
};

const when = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZone: "Europe/London",
});

/** A query's messages in order, each with who wrote it, when, and the files sent with it. */
export function QueryThread({ loaded, fileHref }: { loaded: Loaded; fileHref: (fileId: string) => string }) {
  return (
    <ol className="nhsuk-list app-thread">
      {loaded.messages.map((m) => (
        <li key={m.id} className={`app-thread__message${m.fromFinance ? " app-thread__message--finance" : ""}`}>
          <p className="nhsuk-body-s app-thread__who">
            {m.fromFinance ? `${m.author}, finance team` : m.author}, {when.format(new Date(m.createdAt))}
          </p>
          {m.body ? <p className="app-thread__body">{m.body}</p> : null}
          {m.files.length ? (
            <ul className="nhsuk-list">
              {m.files.map((f) => (
                <li key={f.id}>
                  <a href={fileHref(f.id)} download>
                    {f.fileName}
                  </a>{" "}
                  ({Math.max(1, Math.round(f.sizeBytes / 1024))} KB)
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function QueryStatusTag({ status, dueOn, today }: { status: Loaded["query"]["status"]; dueOn: string; today: string }) {
  const overdue = status === "open" && dueOn < today;
  return (
    <>
      <strong className={`nhsuk-tag ${overdue ? "nhsuk-tag--red" : QUERY_STATUS[status].tag}`}>{overdue ? "Overdue" : QUERY_STATUS[status].label}</strong>
      {status === "open" ? <span className="nhsuk-body-s"> Answer by {longDate(dueOn)}</span> : null}
    </>
  );
}
