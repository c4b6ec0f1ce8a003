import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { proposeRecovery } from "~/recovery/recoveries.server";
import { loadRecoveryPage } from "~/recovery/recovery-views.server";
import { MAX_INSTALMENTS, METHOD_NAMES, STATUS_NAMES } from "~/recovery/rules";
import { ProposalSchema } from "~/recovery/schemas";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextArea, TextField } from "~/ui/fields";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Money to recover");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "view-casework", { holderId });
  const page = await loadRecoveryPage(getDb(), holderId);
  if (!page) throw notFound();
  // Where finance came from (a surplus flag, a bank line), carried with the proposal when it is given.
  const url = new URL(request.url);
  const prompted = { type: url.searchParams.get("promptedByType") ?? "", id: url.searchParams.get("promptedById") ?? "" };
  return { holderId, ...page, prompted, canPropose: may(principal, "manage-finance", holderId) };
}

type Reply = { errors: FieldError[]; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor } = await requireAccess(request, "manage-finance", { holderId });
  const values = formTextValues(await readForm(request));
  const parsed = ProposalSchema.safeParse(values);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ fieldId: String(i.path[0] ?? ""), message: i.message }));
    return data<Reply>({ errors, values }, { status: 400 });
  }
  const proposed = await proposeRecovery(getDb(), { actor, holderId, proposal: parsed.data });
  if (!proposed.ok) return data<Reply>({ errors: [{ fieldId: proposed.field ?? "", message: proposed.message }], values }, { status: 400 });
  throw redirect(`/staff/holders/${holderId}/recovery/${proposed.recovery.id}?done=proposed`);
}

export default function Recovery() {
  const { holderId, holder, balancePence, recoveries, prompted, canPropose } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const err = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const v = reply?.values ?? {};
  const name = `${holder.givenName} ${holder.familyName}`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <p>
          <Link to={`/staff/holders/${holderId}/plan`}>Back to {name}'s plan</Link>
        </p>
        <span className="nhsuk-caption-l">{name}</span>
        <h1>Money to recover</h1>
        {balancePence === null ? (
          <p>{name} has no direct payment, so there is nothing to recover from one.</p>
        ) : (
          <p>
            Balance of the direct payment account now:{" "}
            <strong>
              <Money pence={balancePence} />
            </strong>
            . <Link to={`/budget/statement?holder=${holderId}`}>See the statement</Link>
          </p>
        )}
        {recoveries.length ? (
          <ScrollableTable caption="Recoveries proposed" id="recoveries">
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th className="nhsuk-table__header">Proposed</th>
                <th className="nhsuk-table__header nhsuk-table__header--numeric">Amount</th>
                <th className="nhsuk-table__header">How</th>
                <th className="nhsuk-table__header">Status</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {recoveries.map((r) => (
                <tr className="nhsuk-table__row" key={r.id}>
                  <td className="nhsuk-table__cell">
                    <Link to={`/staff/holders/${holderId}/recovery/${r.id}`}>
                      {longDate(r.proposedAt)}
                      <span className="nhsuk-u-visually-hidden">, {STATUS_NAMES[r.status].toLowerCase()}</span>
                    </Link>
                  </td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    <Money pence={r.amountPence} />
                  </td>
                  <td className="nhsuk-table__cell">{METHOD_NAMES[r.method]}</td>
                  <td className="nhsuk-table__cell">{STATUS_NAMES[r.status]}</td>
                </tr>
              ))}
            </tbody>
          </ScrollableTable>
        ) : (
          <p>No recovery has been proposed for {name}.</p>
        )}
        {canPropose && balancePence !== null ? (
          <Form method="post" noValidate>
            <h2>Propose a recovery</h2>
            <p>
              An approver checks it before anything happens. Once approved, {name} is sent a letter saying how much, why, how it was worked out and how to ask
              for a review. Write the reason and the workings for them to read.
            </p>
            <input type="hidden" name="promptedByType" value={v.promptedByType ?? prompted.type} />
            <input type="hidden" name="promptedById" value={v.promptedById ?? prompted.id} />
            <TextField id="amount" name="amount" label="Amount, in pounds" inputMode="decimal" width={10} defaultValue={v.amount} error={err("amount")} />
            <TextArea
              id="reason"
              name="reason"
              label="Why the money is being asked back"
              hint="For example: money has built up beyond the contingency agreed in the plan."
              defaultValue={v.reason}
              error={err("reason")}
            />
            <TextArea
              id="workings"
              name="workings"
              label="How the amount was worked out"
              hint="For example: the balance of £3,500.00 less 8 weeks of instalments (£2,300.00) is £1,200.00."
              defaultValue={v.workings}
              error={err("workings")}
            />
            <Radios
              name="method"
              legend="How the money comes back"
              value={v.method}
              error={err("method")}
              options={[
                ["account", `${METHOD_NAMES.account}: posted when approved; they are asked to pay it within 28 days`],
                ["instalments", `${METHOD_NAMES.instalments}: a part from each as it is paid`],
              ]}
              conditional={{
                instalments: (
                  <TextField
                    id="instalmentCount"
                    name="instalmentCount"
                    label="How many instalments"
                    hint={`A whole number from 1 to ${MAX_INSTALMENTS}. The amount is split evenly, with any odd pence taken from the last.`}
                    inputMode="numeric"
                    width={2}
                    defaultValue={v.instalmentCount}
                    error={err("instalmentCount")}
                  />
                ),
              }}
            />
            <button className="nhsuk-button" type="submit">
              Propose the recovery
            </button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
