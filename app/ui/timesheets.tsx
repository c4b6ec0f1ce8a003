import { Form } from "@remix-run/react";
import { longDate } from "~/dates/long-date";
import { hoursText } from "~/payroll/timesheets";
import { DateInput } from "./date-input";
import type { FieldError } from "./error-summary";
import { Select, TextField } from "./fields";
import { ScrollableTable } from "./table-region";

const STATUS_NAMES = { submitted: "Waiting for approval", approved: "Approved", queried: "Queried" } as const;

interface Sheet {
  id: string;
  weekStartsOn: string;
  minutes: number;
  status: keyof typeof STATUS_NAMES;
  queryNote: string | null;
  givenName: string;
  familyName: string;
}

/**
 * A holder's PAs' weekly hours: what was entered, approved or queried; the holder or their representative approves or
 * queries what is waiting; whoever runs the payroll can enter hours.
 */
export function Timesheets(props: {
  sheets: Sheet[];
  assistants: { id: string; givenName: string; familyName: string }[];
  canEnter: boolean;
  canDecide: boolean;
  errors: FieldError[];
  values: Record<string, string | undefined>;
  /** The PA's own page: their hours only, and a form to submit a week's without choosing whose. */
  own?: { employerName: string };
}) {
  const err = (id: string) =>
    props.errors
      .filter((e) => e.fieldId === id)
      .map((e) => e.message)
      .join(". ") || undefined;
  return (
    <>
      <h2>{props.own ? "Your timesheets" : "Timesheets"}</h2>
      <p>
        {props.own
          ? `Submit your hours each week. ${props.own.employerName} approves them, or asks you about them, before you are paid for them.`
          : "Where a PA's hours are kept on timesheets, payroll pays only approved hours, and a period's pay must be what its approved hours pay."}
      </p>
      {props.sheets.length === 0 ? (
        <p>No timesheets yet.</p>
      ) : (
        <ScrollableTable caption="The latest timesheets, newest week first" hideCaption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Week from
              </th>
              {props.own ? null : (
                <th scope="col" className="nhsuk-table__header">
                  PA
                </th>
              )}
              <th scope="col" className="nhsuk-table__header">
                Hours
              </th>
              <th scope="col" className="nhsuk-table__header">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {props.sheets.map((s) => {
              const who = `${s.givenName} ${s.familyName}`;
              return (
                <tr className="nhsuk-table__row" key={s.id}>
                  <td className="nhsuk-table__cell">{longDate(s.weekStartsOn)}</td>
                  {props.own ? null : <td className="nhsuk-table__cell">{who}</td>}
                  <td className="nhsuk-table__cell">{hoursText(s.minutes)}</td>
                  <td className="nhsuk-table__cell">
                    {STATUS_NAMES[s.status]}
                    {s.queryNote ? <span className="nhsuk-body-s">: {s.queryNote}</span> : null}
                    {props.canDecide && s.status === "submitted" ? (
                      <Form method="post" className="nhsuk-u-margin-top-2">
                        <input type="hidden" name="timesheetId" value={s.id} />
                        <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" name="intent" value="approve">
                          Approve
                          <span className="nhsuk-u-visually-hidden">
                            {" "}
                            {who}'s hours for the week from {longDate(s.weekStartsOn)}
                          </span>
                        </button>
                        <TextField
                          id={`queryNote-${s.id}`}
                          name="queryNote"
                          label={
                            <>
                              What is wrong?
                              <span className="nhsuk-u-visually-hidden">
                                {" "}
                                with {who}'s hours for the week from {longDate(s.weekStartsOn)}
                              </span>
                            </>
                          }
                          error={props.values.timesheetId === s.id ? err("queryNote") : undefined}
                        />
                        <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" name="intent" value="query">
                          Query<span className="nhsuk-u-visually-hidden"> these hours</span>
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </ScrollableTable>
      )}
      {props.canEnter && props.own && props.assistants.length === 1 ? (
        <>
          <h3>Submit a week's hours</h3>
          <Form method="post" noValidate>
            <input type="hidden" name="assistantId" value={props.assistants[0].id} />
            <HoursFields values={props.values} errors={props.errors} err={err} />
            <button className="nhsuk-button" type="submit" name="intent" value="hours">
              Submit the hours
            </button>
          </Form>
        </>
      ) : props.canEnter && props.assistants.length ? (
        <details className="nhsuk-details" open={props.values.intent === "hours"}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Enter a week's hours</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" noValidate>
              <Select
                id="assistantId"
                name="assistantId"
                label="PA"
                value={props.values.assistantId ?? ""}
                options={[["", "Select a PA"], ...props.assistants.map((a): [string, string] => [a.id, `${a.givenName} ${a.familyName}`])]}
                error={err("assistantId")}
              />
              <HoursFields values={props.values} errors={props.errors} err={err} />
              <button className="nhsuk-button" type="submit" name="intent" value="hours">
                Enter the hours
              </button>
            </Form>
          </div>
        </details>
      ) : null}
    </>
  );
}

function HoursFields(props: { values: Record<string, string | undefined>; errors: FieldError[]; err: (id: string) => string | undefined }) {
  return (
    <>
      <DateInput name="weekStartsOn" label="Week starting (a Monday)" hint="For example, 2 11 2026" values={props.values} errors={props.errors} />
      <TextField
        id="hours"
        name="hours"
        label="Hours worked"
        hint="For example, 20 or 37.5"
        inputMode="decimal"
        width={5}
        defaultValue={props.values.hours}
        error={props.err("hours")}
      />
    </>
  );
}
