import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireOwnAssistant } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { formTextValues } from "~/http/form-data";
import { assistantHome } from "~/payroll/assistant-home.server";
import { readWeekHours } from "~/payroll/forms";
import { hoursText } from "~/payroll/timesheets";
import { enterTimesheet } from "~/payroll/timesheets.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";
import { Timesheets } from "~/ui/timesheets";

export const meta: MetaFunction = () => pageTitle("Your hours and payslips");

export async function loader({ request }: LoaderFunctionArgs) {
  const { assistantId, holderId } = await requireOwnAssistant(request);
  const home = await assistantHome(getDb(), { assistantId, holderId });
  if (!home) throw notFound();
  return { ...home, assistantId, done: readDone(request, ["hours"] as const) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { assistantId, holderId, actor, principal } = await requireOwnAssistant(request);
  const form = await request.formData();
  const values = formTextValues(form);
  const hours = readWeekHours(form);
  if (!hours.ok) return data<{ errors: FieldError[]; values: Record<string, string> }>({ errors: hours.errors, values }, { status: 400 });
  // Always their own record: whatever PA the form names, the session says whose hours these are.
  const entered = await enterTimesheet(getDb(), { actor, commissionerId: principal.commissionerId, holderId, assistantId, ...hours });
  if (!entered.ok) {
    const fieldId = entered.field === "weekStartsOn" ? "weekStartsOn-day" : entered.field;
    return data({ errors: [{ fieldId, message: entered.message }], values }, { status: 400 });
  }
  throw redirect(withDone("/pa", "hours"));
}

export default function AssistantHome() {
  const { assistant, employerName, timesheets, payslips, assistantId, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  return (
    <>
      <ErrorSummary errors={errors} />
      {done && !reply ? <SuccessBanner heading="Your hours are submitted.">{employerName} will approve them, or ask you about them.</SuccessBanner> : null}
      <h1>Your hours and payslips</h1>
      <p>
        You work for {employerName} as their personal assistant, from {longDate(assistant.startsOn)}
        {assistant.endsOn ? ` to ${longDate(assistant.endsOn)}` : ""}, at <Money pence={assistant.hourlyRatePence} /> an hour for{" "}
        {hoursText(assistant.contractedMinutesPerWeek)} a week.
      </p>
      <Timesheets
        sheets={timesheets}
        assistants={[{ id: assistantId, givenName: assistant.givenName, familyName: assistant.familyName }]}
        canEnter
        canDecide={false}
        errors={errors}
        values={reply?.values ?? {}}
        own={{ employerName }}
      />
      <h2>Your payslips</h2>
      {payslips.length === 0 ? (
        <p>No payslips yet. Each one shows here once the payroll for its pay period has been run.</p>
      ) : (
        <ul className="nhsuk-list">
          {payslips.map((p) => (
            <li key={p.id}>
              <Link to={`/payslips/${p.id}`}>
                {longDate(p.periodStartsOn)} to {longDate(p.periodEndsOn)}
              </Link>
              : <Money pence={p.netPayPence} /> net, paid {longDate(p.paymentDate)}
            </li>
          ))}
        </ul>
      )}
      <p>Questions about your pay? Ask {employerName}, or whoever runs their payroll.</p>
    </>
  );
}
