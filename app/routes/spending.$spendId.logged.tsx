import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { loadHolderName } from "~/plans/plan-views.server";
import { capitalise, voiceFor } from "~/people/voice";
import { getDb } from "#db/client.server";
import { notFound, requireCurrentHolder } from "~/access/access.server";
import { formatPence } from "~/ledger/money";
import { requireId } from "~/http/ids";
import { loadSpend } from "~/spending/report.server";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = () => pageTitle("Spend logged");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { holderId, principal } = await requireCurrentHolder(request, "view");
  const found = await loadSpend(getDb(), { holderId, spendId: requireId(params.spendId) });
  if (!found) throw notFound();
  const holder = await loadHolderName(getDb(), holderId);
  return { ...found, voice: voiceFor(holder, principal.kind !== "holder"), holderQuery: principal.kind === "staff" ? `?holder=${holderId}` : "" };
}

export default function SpendLogged() {
  const { spend, payee, line, holderQuery, voice } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <div className="nhsuk-card nhsuk-card--confirmation">
          <div className="nhsuk-card__content">
            <h1 className="nhsuk-card__heading">Spend logged</h1>
            <p className="nhsuk-card__description">
              {formatPence(spend.amountPence)} paid to {payee} for {line}. Reference {spend.journalEntryId}.
            </p>
          </div>
        </div>
        <h2>What happens next</h2>
        <p>
          It is in {voice.your} spending list and counts against {line} in {voice.your} plan. If finance have a question about it, the question shows on the
          spend in the spending list for {voice.you} to answer.
        </p>
        {spend.overspendWarning ? (
          <p>
            This spend took the line past what {voice.your} plan allows for it this year. {capitalise(voice.your)} care coordinator will see this.
          </p>
        ) : null}
        {spend.needsAgreement ? (
          <p>This spend needs the agreement of {voice.your} personal health budget team. Finance will check it has been agreed.</p>
        ) : null}
        {spend.flaggedForFinance && !spend.needsAgreement ? <p>Finance will check this spend: {spend.flagReason}.</p> : null}
        <ul className="nhsuk-list">
          <li>
            <Link to={`/spending/new${holderQuery}`}>Log another spend</Link>
          </li>
          <li>
            <Link to={`/spending${holderQuery}`}>See all spending</Link>
          </li>
          <li>
            <Link to={`/spending/plan${holderQuery}`}>See spending against {voice.your} plan</Link>
          </li>
        </ul>
      </div>
    </div>
  );
}
