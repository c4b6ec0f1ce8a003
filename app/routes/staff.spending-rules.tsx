import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/ledger/entries";
import { formatPence, parseMoney } from "~/ledger/money";
import {
  addRestrictedCategory,
  loadSpendingSettings,
  setNoReceiptThreshold,
  setRestrictedCategoryRetired,
  updateRestrictedCategory,
} from "~/spending/settings.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner, withDone, useFreshAfterChange } from "~/ui/success-banner";
import { formText, formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { RestrictedCategorySchema } from "~/spending/schemas";

export const meta: MetaFunction = () => pageTitle("Spending rules");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const settings = await loadSpendingSettings(getDb(), { commissionerId: principal.commissionerId, today: todayInUk() });
  return { ...settings, mayChange: may(principal, "manage-finance"), done: readDone(request, Object.keys(SAVED) as SavedCode[]) };
}

/** What each change says once it is saved, and what happens next. */
const SAVED = {
  threshold: ["The receipt threshold has been saved.", "Spends logged from now on without a receipt over this amount are flagged for finance."],
  added: ["The category has been added.", "People logging a spend in it see its rule, the reason and what to do instead."],
  updated: ["The category has been saved.", "Its rule applies to spends logged from now on."],
  retired: ["The category is no longer used.", "It is not offered for new spends; spends logged in it before stay as they are. You can use it again below."],
  restored: ["The category is used again.", "It is offered for new spends from now on."],
} as const;
type SavedCode = keyof typeof SAVED;

const FIELD_IDS = { rule: "rule", reason: "reason", whatToDoInstead: "instead" } as const;

/** The rule, reason and what-to-do-instead of a category form; field ids end in the category's id, or "new". */
function parseCategory(form: FormData, suffix: string) {
  const parsed = RestrictedCategorySchema.safeParse({
    rule: formText(form, "rule"),
    reason: formText(form, "reason"),
    whatToDoInstead: formText(form, "whatToDoInstead"),
  });
  const errors: FieldError[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ fieldId: `${FIELD_IDS[i.path[0] as keyof typeof FIELD_IDS]}-${suffix}`, message: i.message }));
  return { errors, category: parsed.success ? parsed.data : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal, actor } = await requireAccess(request, "manage-finance", "own-commissioner");
  const db = getDb();
  const commissionerId = principal.commissionerId;
  const form = await readForm(request);
  const intent = formText(form, "intent");
  const fail = (errors: FieldError[]) => data({ errors, values: formTextValues(form) }, { status: 400 });
  const saved = (code: SavedCode) => redirect(withDone("/staff/spending-rules", code));
  const done = (result: { ok: boolean; message?: string }, code: SavedCode, fieldId: string) =>
    result.ok ? saved(code) : fail([{ fieldId, message: result.message! }]);

  if (intent === "threshold") {
    const parsed = parseMoney(formText(form, "threshold"), "amount");
    if (!parsed.ok) return fail([{ fieldId: "threshold", message: parsed.message }]);
    await setNoReceiptThreshold(db, { actor, commissionerId, pence: parsed.pence });
    return saved("threshold");
  }
  if (intent === "add") {
    const name = formText(form, "name").trim();
    const { errors, category } = parseCategory(form, "new");
    if (!name) errors.unshift({ fieldId: "name", message: "Enter the name of the category" });
    else if (name.length > 100) errors.unshift({ fieldId: "name", message: "The name must be 100 characters or fewer" });
    if (errors.length || !category) return fail(errors);
    return done(await addRestrictedCategory(db, { actor, commissionerId, name, ...category }), "added", "name");
  }
  const categoryId = requireId(formText(form, "categoryId"));
  if (intent === "retire" || intent === "restore") {
    return done(
      await setRestrictedCategoryRetired(db, { actor, commissionerId, categoryId, retired: intent === "retire" }),
      intent === "retire" ? "retired" : "restored",
      "categories",
    );
  }
  const { errors, category } = parseCategory(form, categoryId);
  if (errors.length || !category) return fail(errors);
  return done(await updateRestrictedCategory(db, { actor, commissionerId, categoryId, ...category }), "updated", "categories");
}

export default function SpendingRules() {
  const fresh = useFreshAfterChange();
  const { noReceiptThresholdPence, categories, retired, closedThrough, mayChange, done } = useLoaderData<typeof loader>();
  if (!mayChange) return <SpendingRulesToRead />;
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const values: Record<string, string> = result?.values ?? {};
  return (
    <div className="nhsuk-grid-row" key={fresh}>
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {done && !result ? <SuccessBanner heading={SAVED[done][0]}>{SAVED[done][1]}</SuccessBanner> : null}
        <h1>Spending rules</h1>
        <p>
          {closedThrough ? `Spending is closed up to ${longDate(closedThrough)}.` : "No spending period has been closed yet."}{" "}
          <Link to="/staff/spending-periods">Close a spending period</Link>
        </p>
        <h2>Spends without a receipt</h2>
        <Form method="post">
          <TextField
            id="threshold"
            name="threshold"
            label="Flag a spend for finance when it has no receipt and is over"
            hint={`Now ${formatPence(noReceiptThresholdPence)}. For example, 50.00`}
            defaultValue={(noReceiptThresholdPence / 100).toFixed(2)}
            error={errorFor("threshold")}
            width={10}
          />
          <button type="submit" className="nhsuk-button" name="intent" value="threshold">
            Save the amount
          </button>
        </Form>
        <h2 id="categories">What a budget cannot buy, or needs agreement for</h2>
        {categories.length === 0 ? <p>There are no categories in use. Add one below.</p> : null}
        {categories.map((c) => (
          <div className="nhsuk-card" key={c.id}>
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading">{c.name}</h3>
              <Form method="post">
                <input type="hidden" name="categoryId" value={c.id} />
                <CategoryFields suffix={c.id} defaults={values.intent === "category" && values.categoryId === c.id ? values : c} errorFor={errorFor} />
                <button type="submit" className="nhsuk-button nhsuk-button--secondary" name="intent" value="category">
                  Save {c.name}
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="categoryId" value={c.id} />
                <button type="submit" className="nhsuk-button nhsuk-button--warning" name="intent" value="retire">
                  Stop using {c.name}
                </button>
              </Form>
            </div>
          </div>
        ))}
        <h2>Add a category</h2>
        <Form method="post">
          <TextField
            id="name"
            name="name"
            label="Name"
            hint="What people will see in the list, for example Fireworks"
            defaultValue={values.intent === "add" ? values.name : undefined}
            error={errorFor("name")}
          />
          <CategoryFields suffix="new" defaults={values.intent === "add" ? values : {}} errorFor={errorFor} />
          <button type="submit" className="nhsuk-button" name="intent" value="add">
            Add the category
          </button>
        </Form>
        {retired.length ? (
          <>
            <h2>No longer used</h2>
            <p>These are not offered when logging a spend. Spends that named them keep them.</p>
            <ul className="nhsuk-list">
              {retired.map((c) => (
                <li key={c.id}>
                  <Form method="post">
                    {c.name}, stopped {longDate(new Date(c.retiredAt!))} <input type="hidden" name="categoryId" value={c.id} />
                    <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" name="intent" value="restore">
                      Use {c.name} again
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}

function CategoryFields({
  suffix,
  defaults,
  errorFor,
}: {
  suffix: string;
  defaults: { rule?: string; reason?: string; whatToDoInstead?: string };
  errorFor: (id: string) => string | undefined;
}) {
  const ruleError = errorFor(`rule-${suffix}`);
  return (
    <>
      <div className={`nhsuk-form-group${ruleError ? " nhsuk-form-group--error" : ""}`}>
        <label className="nhsuk-label" htmlFor={`rule-${suffix}`}>
          Rule
        </label>
        {ruleError ? (
          <span className="nhsuk-error-message" id={`rule-${suffix}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {ruleError}
          </span>
        ) : null}
        <select
          className={`nhsuk-select${ruleError ? " nhsuk-select--error" : ""}`}
          id={`rule-${suffix}`}
          name="rule"
          defaultValue={defaults.rule ?? ""}
          aria-describedby={ruleError ? `rule-${suffix}-error` : undefined}
        >
          {suffix === "new" ? <option value="">Select a rule</option> : null}
          <option value="refused">Refused</option>
          <option value="needs-agreement">Needs agreement</option>
        </select>
      </div>
      <TextField id={`reason-${suffix}`} name="reason" label="Reason the person is given" defaultValue={defaults.reason} error={errorFor(`reason-${suffix}`)} />
      <TextField
        id={`instead-${suffix}`}
        name="whatToDoInstead"
        label="What they can do instead"
        defaultValue={defaults.whatToDoInstead}
        error={errorFor(`instead-${suffix}`)}
      />
    </>
  );
}

const RULE_WORDS: Record<string, string> = { refused: "Refused", "needs-agreement": "Needs agreement" };

/** The same rules for those who read them (auditors), with nothing to press. */
function SpendingRulesToRead() {
  const { noReceiptThresholdPence, categories, retired, closedThrough } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Spending rules</h1>
        <p>
          {closedThrough ? `Spending is closed up to ${longDate(closedThrough)}.` : "No spending period has been closed yet."}{" "}
          <Link to="/staff/spending-periods">Spending periods</Link>
        </p>
        <p>Only finance staff can change these rules.</p>
        <h2>Spends without a receipt</h2>
        <p>A spend with no receipt over {formatPence(noReceiptThresholdPence)} is flagged for finance.</p>
        <h2>What a budget cannot buy, or needs agreement for</h2>
        {categories.length === 0 ? <p>There are no categories in use.</p> : null}
        {categories.map((c) => (
          <div className="nhsuk-card" key={c.id}>
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading">{c.name}</h3>
              <dl className="nhsuk-summary-list nhsuk-u-margin-bottom-0">
                {[
                  ["Rule", RULE_WORDS[c.rule] ?? c.rule],
                  ["Reason the person is given", c.reason],
                  ["What they can do instead", c.whatToDoInstead],
                ].map(([key, value]) => (
                  <div className="nhsuk-summary-list__row" key={key}>
                    <dt className="nhsuk-summary-list__key">{key}</dt>
                    <dd className="nhsuk-summary-list__value">{value}</dd>
                  </div>
                ))}
              </dl>
            </div>
          </div>
        ))}
        {retired.length ? (
          <>
            <h2>No longer used</h2>
            <ul className="nhsuk-list">
              {retired.map((c) => (
                <li key={c.id}>
                  {c.name}, stopped {longDate(new Date(c.retiredAt!))}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}
