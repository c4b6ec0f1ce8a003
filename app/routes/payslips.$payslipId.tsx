import { Fragment } from "react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requirePayslipReader } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { employerCostRows, loadPayslip, payslipRows } from "~/payroll/payslips.server";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { summaryRow } from "~/ui/summary-row";

export const meta: MetaFunction = () => pageTitle("Payslip");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { holderId, assistantId, principal } = await requirePayslipReader(request);
  const loaded = await loadPayslip(getDb(), { payslipId: params.payslipId ?? "", holderId, assistantId });
  if (!loaded) throw notFound();
  const holderQuery = principal.kind === "staff" || principal.kind === "support" ? `?holder=${holderId}` : "";
  const back =
    principal.kind === "assistant"
      ? { to: "/pa", text: "Back to your hours and payslips" }
      : { to: `/employer${holderQuery}`, text: "Back to employing personal assistants" };
  return { ...loaded, pay: payslipRows(loaded.payslip), costs: employerCostRows(loaded.payslip), holderQuery, back };
}

export default function Payslip() {
  const { payslip, assistant, employer, pay, costs, holderQuery, back } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={back.to}>{back.text}</Link>
      </p>
      <h1>
        Payslip for {assistant.givenName} {assistant.familyName}
      </h1>
      <p>
        Pay period {longDate(payslip.periodStartsOn)} to {longDate(payslip.periodEndsOn)}, paid on {longDate(payslip.paymentDate)}. Employed by{" "}
        {employer.givenName} {employer.familyName}, employer PAYE reference {employer.payeReference}.
      </p>
      <h2>Pay</h2>
      <dl className="nhsuk-summary-list">
        {pay.map(([what, pence]) => (
          <Fragment key={what}>{summaryRow(what, <Money pence={pence} />)}</Fragment>
        ))}
      </dl>
      <h2>What the employer paid on top</h2>
      <dl className="nhsuk-summary-list">
        {costs.map(([what, pence]) => (
          <Fragment key={what}>{summaryRow(what, <Money pence={pence} />)}</Fragment>
        ))}
      </dl>
      <p>
        <a href={`/payslips/${payslip.id}/pdf${holderQuery}`} download>
          Download this payslip (PDF)
        </a>
      </p>
    </>
  );
}
