import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/dates/uk-day";
import { formText, formTextValues, readForm } from "~/http/form-data";
import { penceToDecimal } from "~/ledger/money";
import { FLAG_NAMES } from "~/reconciliation/flags";
import { decideFlag, listOpenFlags, readFlagSettings, runFlagChecks, setReconciliationSettings, type FlagSettings } from "~/reconciliation/flags.server";
import { ReconciliationSettingsSchema } from "~/reconciliation/schemas";
import { ErrorSummary, fieldErrors, type FieldError } from "~/ui/error-summary";
import { TextArea, TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { pageFrom, Pagination } from "~/ui/pagination";
import { Radios } from "~/ui/radios";
import { StackedTable } from "~/ui/stacked-table";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";

export const meta: MetaFunction = () => pageTitle("Flags for finance");

const DONE = ["checked", "decided", "settings"] as const;
const DONE_HEADINGS: Record<(typeof DONE)[number], string> = {
  checked: "The accounts have been checked.",
  decided: "The flag is dealt with.",
  settings: "The settings are saved.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const url = new URL(request.url);
  const db = getDb();
  const [list, settings] = await Promise.all([
    listOpenFlags(db, { commissionerId: principal.commissionerId, page: pageFrom(url.searchParams) }),
    readFlagSettings(db, principal.commissionerId),
  ]);
  return { ...list, settings, canChange: may(principal, "manage-finance"), deciding: url.searchParams.get("decide"), done: readDone(request, DONE) };
}

type Reply = { errors: FieldError[]; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireAccess(request, "manage-finance", "own-commissioner");
  const form = await readForm(request);
  const values = formTextValues(form);
  const db = getDb();
  const intent = formText(form, "intent");
  if (intent === "check") {
    await runFlagChecks(db, { commissionerId: actor.commissionerId!, today: todayInUk(), actor });
    throw redirect(withDone("/staff/flags", "checked"));
  }
  if (intent === "settings") {
    const submission = parseWithZod(form, { schema: ReconciliationSettingsSchema });
    if (submission.status !== "success") return data<Reply>({ errors: fieldErrors(submission), values }, { status: 400 });
    const { cashLimit, ...days } = submission.value;
    await setReconciliationSettings(db, { actor, settings: { ...days, cashLimitPence: cashLimit } });
    throw redirect(withDone("/staff/flags", "settings"));
  }
  const decision = formText(form, "decision");
  if (decision !== "resolved" && decision !== "dismissed") {
    return data<Reply>({ errors: [{ fieldId: "decision", message: "Select whether the flag is dealt with or needs nothing doing" }], values }, { status: 400 });
  }
  const result = await decideFlag(db, { actor, flagId: formText(form, "flagId"), decision, reason: formText(form, "reason") });
  if (result.ok) throw redirect(withDone("/staff/flags", "decided"));
  return data<Reply>({ errors: [{ fieldId: result.field ?? "decision", message: result.message }], values }, { status: 400 });
}

/** The settings form's fields: the name the form sends, its label, and the setting as the box shows it. */
const SETTING_FIELDS: [string, string, (settings: FlagSettings) => string][] = [
  ["surplusWeeks", "A surplus is a balance above this many weeks of instalments (or the agreed contingency, if more)", (s) => String(s.surplusWeeks)],
  ["cashLimit", "Cash taken out above this amount is flagged, in pounds", (s) => penceToDecimal(s.cashLimitPence)],
  ["unloggedDays", "Money out of the account that no one has logged is flagged after this many days", (s) => String(s.unloggedDays)],
  ["inactiveDays", "An account with nothing spent for this many days is flagged", (s) => String(s.inactiveDays)],
  ["matchWindowDays", "A bank line matches a ledger entry up to this many days either side", (s) => String(s.matchWindowDays)],
];

/** A flag about a spend or a bank line asks about that; one about the balance or activity, about the budget. */
const aboutOf = (subjectKey: string) => (/^(spend|bank-line):/.test(subjectKey) ? subjectKey : "budget");

export default function Flags() {
  const { flags, total, page, pageCount, settings, canChange, deciding, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors = reply?.errors ?? [];
  const err = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const decidingId = reply?.values.flagId ?? deciding;
  const decidingFlag = canChange ? flags.find((f) => f.flag.id === decidingId) : undefined;
  return (
    <>
      <ErrorSummary errors={errors} />
      {done && !reply ? <SuccessBanner heading={DONE_HEADINGS[done]} /> : null}
      <p>
        <Link to="/staff" className="nhsuk-back-link">
          Back to people
        </Link>
      </p>
      <h1>Flags for finance</h1>
      <p>
        Every morning the accounts are checked and anything that needs a look is flagged here, once. Ask the holder about it, or say it is dealt with or needs
        nothing doing. {total === 1 ? "There is 1 open flag." : `There are ${total} open flags.`}
      </p>
      {canChange ? (
        <Form method="post">
          <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="check">
            Check the accounts now
          </button>
        </Form>
      ) : null}
      {decidingFlag ? (
        <Form method="post" noValidate className="app-panel">
          <h2>
            {FLAG_NAMES[decidingFlag.flag.kind]}: {decidingFlag.givenName} {decidingFlag.familyName}
          </h2>
          <p>{decidingFlag.flag.explanation}</p>
          <input type="hidden" name="flagId" value={decidingFlag.flag.id} />
          <Radios
            name="decision"
            legend="What happens to this flag"
            value={reply?.values.decision}
            error={err("decision")}
            options={[
              ["resolved", "It has been dealt with"],
              ["dismissed", "It needs nothing doing"],
            ]}
          />
          <TextArea id="reason" label="Why" rows={2} defaultValue={reply?.values.reason} error={err("reason")} />
          <button className="nhsuk-button" type="submit">
            Save
          </button>{" "}
          <Link to="/staff/flags">Cancel</Link>
        </Form>
      ) : null}
      {flags.length === 0 ? (
        <p>There are no open flags.</p>
      ) : (
        <StackedTable
          caption="Open flags"
          columns={[{ heading: "Flag" }, { heading: "Person" }, { heading: "Why" }, { heading: "Raised" }]}
          rows={flags.map(({ flag, givenName, familyName }) => ({
            key: flag.id,
            cells: [
              <strong className="nhsuk-tag nhsuk-tag--orange">{FLAG_NAMES[flag.kind]}</strong>,
              `${givenName} ${familyName}`,
              <>
                {flag.explanation}
                {canChange ? (
                  <span className="nhsuk-body-s app-block">
                    <Link to={`/staff/holders/${flag.holderId}/queries/new?about=${aboutOf(flag.subjectKey)}&flag=${flag.id}&back=/staff/flags`}>
                      Ask {givenName}
                      <span className="nhsuk-u-visually-hidden"> about {FLAG_NAMES[flag.kind].toLowerCase()}</span>
                    </Link>
                    {" · "}
                    <Link to={`/staff/flags?decide=${flag.id}`}>
                      Deal with it
                      <span className="nhsuk-u-visually-hidden">
                        {" "}
                        ({FLAG_NAMES[flag.kind].toLowerCase()}, {`${givenName} ${familyName}`})
                      </span>
                    </Link>
                  </span>
                ) : null}
              </>,
              <span className="app-nowrap">{longDate(flag.raisedOn)}</span>,
            ],
          }))}
        />
      )}
      <Pagination page={page} pageCount={pageCount} searchParams={searchParams} />
      <h2>When accounts are flagged</h2>
      {canChange ? (
        <Form method="post" noValidate>
          {SETTING_FIELDS.map(([id, label, shown]) => (
            <TextField
              key={id}
              id={id}
              name={id}
              label={label}
              inputMode={id === "cashLimit" ? "decimal" : "numeric"}
              width={id === "cashLimit" ? 5 : 3}
              defaultValue={reply?.values[id] ?? shown(settings)}
              error={err(id)}
            />
          ))}
          <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="settings">
            Save the settings
          </button>
        </Form>
      ) : (
        <p>
          A surplus is a balance above {settings.surplusWeeks} weeks of instalments or the agreed contingency; cash above £
          {penceToDecimal(settings.cashLimitPence)} is flagged; money out not logged after {settings.unloggedDays} days; no spending for {settings.inactiveDays}{" "}
          days. Bank lines match ledger entries up to {settings.matchWindowDays} days either side.
        </p>
      )}
    </>
  );
}
