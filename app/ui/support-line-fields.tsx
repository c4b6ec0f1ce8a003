import { FREQUENCY_NAMES, FUNDING_SOURCE_NAMES } from "~/plans/rules";
import { idOf } from "~/plans/schemas";
import { HOLDING_NAMES } from "~/budgets/budget-summary";
import { Select, TextField } from "./fields";

export interface SupportLineRow {
  lineKey: string;
  description: string;
  provider: string;
  units: string;
  frequency: string;
  costPerUnit: string;
  fundingSource: string;
  holding: string;
  thirdPartyOrganisationId: string | null;
  outcomePositions: number[];
}

/**
 * One support line of the plan form: what it is, who provides it, units, how often and cost, who funds it, how it is
 * held (and by which organisation) and the outcomes it is for. `value` reads back what was sent after an error.
 */
export function SupportLineFields(props: {
  index: number;
  line: SupportLineRow;
  spare: boolean;
  outcomeCount: number;
  organisations: { id: string; name: string }[];
  value: (name: string, fallback: string) => string | unknown[];
  err: (name: string) => string | undefined;
  sent: boolean;
}) {
  const { index, line: l, spare, outcomeCount, organisations, value, err } = props;
  const n = (f: string) => `supportLines[${index}].${f}`;
  const linked = props.sent ? ([] as string[]).concat((value(n("outcomePositions"), "") as string | string[]) || []) : l.outcomePositions.map(String);
  return (
    <fieldset className="nhsuk-fieldset app-row">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
        Support line {index + 1}
        {spare ? " (leave blank if not needed)" : ""}
      </legend>
      {l.lineKey ? <input type="hidden" name={n("lineKey")} value={l.lineKey} /> : null}
      <TextField
        id={idOf(n("description"))}
        name={n("description")}
        label="What the support is"
        defaultValue={value(n("description"), l.description) as string}
        error={err(n("description"))}
      />
      <TextField
        id={idOf(n("provider"))}
        name={n("provider")}
        label="Provider or who is paid"
        defaultValue={value(n("provider"), l.provider) as string}
        error={err(n("provider"))}
      />
      <TextField
        id={idOf(n("units"))}
        name={n("units")}
        label="Units"
        inputMode="numeric"
        width={4}
        defaultValue={value(n("units"), l.units) as string}
        error={err(n("units"))}
      />
      <Select
        id={idOf(n("frequency"))}
        name={n("frequency")}
        label="How often"
        value={value(n("frequency"), l.frequency) as string}
        error={err(n("frequency"))}
        options={Object.entries(FREQUENCY_NAMES)}
      />
      <TextField
        id={idOf(n("costPerUnit"))}
        name={n("costPerUnit")}
        label="Cost per unit, in pounds"
        hint="For example, 15.50"
        inputMode="decimal"
        width={5}
        defaultValue={value(n("costPerUnit"), l.costPerUnit) as string}
        error={err(n("costPerUnit"))}
      />
      <Select
        id={idOf(n("fundingSource"))}
        name={n("fundingSource")}
        label="Funding source"
        value={value(n("fundingSource"), l.fundingSource) as string}
        error={err(n("fundingSource"))}
        options={Object.entries(FUNDING_SOURCE_NAMES)}
      />
      <Select
        id={idOf(n("holding"))}
        name={n("holding")}
        label="How it is held"
        value={value(n("holding"), l.holding) as string}
        error={err(n("holding"))}
        options={Object.entries(HOLDING_NAMES)}
      />
      <Select
        id={idOf(n("thirdPartyOrganisationId"))}
        name={n("thirdPartyOrganisationId")}
        label="Organisation holding a third-party budget"
        value={value(n("thirdPartyOrganisationId"), l.thirdPartyOrganisationId ?? "") as string}
        options={[["", "Not a third-party budget"], ...organisations.map((o) => [o.id, o.name] as [string, string])]}
      />
      <div className={`nhsuk-form-group${err(n("outcomePositions")) ? " nhsuk-form-group--error" : ""}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={err(n("outcomePositions")) ? `${idOf(n("outcomePositions"))}-error` : undefined}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Outcomes this support is for</legend>
          {err(n("outcomePositions")) ? (
            <span className="nhsuk-error-message" id={`${idOf(n("outcomePositions"))}-error`}>
              <span className="nhsuk-u-visually-hidden">Error:</span> {err(n("outcomePositions"))}
            </span>
          ) : null}
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            {Array.from({ length: outcomeCount }, (_, oi) => (
              <div className="nhsuk-checkboxes__item" key={oi}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={oi === 0 ? idOf(n("outcomePositions")) : `${idOf(n("outcomePositions"))}-${oi + 1}`}
                  name={n("outcomePositions")}
                  type="checkbox"
                  value={oi + 1}
                  defaultChecked={linked.includes(String(oi + 1))}
                />
                <label
                  className="nhsuk-label nhsuk-checkboxes__label"
                  htmlFor={oi === 0 ? idOf(n("outcomePositions")) : `${idOf(n("outcomePositions"))}-${oi + 1}`}
                >
                  Outcome {oi + 1}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
    </fieldset>
  );
}
