import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { formatPence, parseMoney } from "~/ledger/money";
import { loadSpendingSettings, setNoReceiptThreshold, updateRestrictedCategory } from "~/spending/spending.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = () => pageTitle("Spending rules");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "manage-finance", "own-commissioner");
  return loadSpendingSettings(getDb(), principal.commissionerId);
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal, actor } = await requireAccess(request, "manage-finance", "own-commissioner");
  const db = getDb();
  const form = await request.formData();
  const fail = (errors: FieldError[]) => data({ errors }, { status: 400 });
  if (form.get("intent") === "threshold") {
    const parsed = parseMoney(String(form.get("threshold") ?? ""), "amount");
    if (!parsed.ok) return fail([{ fieldId: "threshold", message: parsed.message }]);
    await setNoReceiptThreshold(db, { actor, commissionerId: principal.commissionerId, pence: parsed.pence });
    return redirect("/staff/spending-rules");
  }
  const categoryId = String(form.get("categoryId") ?? "");
  const rule = String(form.get("rule") ?? "");
  const reason = String(form.get("reason") ?? "").trim();
  const whatToDoInstead = String(form.get("whatToDoInstead") ?? "").trim();
  const errors: FieldError[] = [];
  if (!/^[0-9a-f-]{36}$/i.test(categoryId)) errors.push({ fieldId: "categories", message: "Choose a category" });
  if (rule !== "refused" && rule !== "needs-agreement") errors.push({ fieldId: `rule-${categoryId}`, message: "Select whether it is refused or needs agreement" });
  if (!reason) errors.push({ fieldId: `reason-${categoryId}`, message: "Enter the reason the person is given" });
  if (!whatToDoInstead) errors.push({ fieldId: `instead-${categoryId}`, message: "Enter what the person can do instead" });
  if (errors.length) return fail(errors);
  const result = await updateRestrictedCategory(db, { actor, commissionerId: principal.commissionerId, categoryId, rule: rule as "refused", reason, whatToDoInstead });
  if (!result.ok) return fail([{ fieldId: "categories", message: result.message }]);
  return redirect("/staff/spending-rules");
}

export default function SpendingRules() {
  const { noReceiptThresholdPence, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>Spending rules</h1>
        <h2>Spends without a receipt</h2>
        <Form method="post">
          <TextField id="threshold" name="threshold" label="Flag a spend for finance when it has no receipt and is over" hint={`Now ${formatPence(noReceiptThresholdPence)}. For example, 50.00`} defaultValue={(noReceiptThresholdPence / 100).toFixed(2)} error={errorFor("threshold")} width={10} />
          <button type="submit" className="nhsuk-button" name="intent" value="threshold">Save the amount</button>
        </Form>
        <h2 id="categories">What a budget cannot buy, or needs agreement for</h2>
        {categories.map((c) => (
          <Form method="post" key={c.id} className="nhsuk-card">
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading">{c.name}</h3>
              <input type="hidden" name="categoryId" value={c.id} />
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor={`rule-${c.id}`}>Rule</label>
                <select className="nhsuk-select" id={`rule-${c.id}`} name="rule" defaultValue={c.rule}>
                  <option value="refused">Refused</option>
                  <option value="needs-agreement">Needs agreement</option>
                </select>
              </div>
              <TextField id={`reason-${c.id}`} name="reason" label="Reason the person is given" defaultValue={c.reason} error={errorFor(`reason-${c.id}`)} />
              <TextField id={`instead-${c.id}`} name="whatToDoInstead" label="What they can do instead" defaultValue={c.whatToDoInstead} error={errorFor(`instead-${c.id}`)} />
              <button type="submit" className="nhsuk-button nhsuk-button--secondary" name="intent" value="category">Save {c.name}</button>
            </div>
          </Form>
        ))}
      </div>
    </div>
  );
}
