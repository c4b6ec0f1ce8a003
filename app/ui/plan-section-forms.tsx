import { formatPence } from "~/ledger/money";
import { longDate } from "~/dates/long-date";
import { FIVE_CRITERIA, type SupportLine } from "~/plans/rules";
import { idOf } from "~/plans/schemas";
import { DateInput } from "./date-input";
import type { FieldError } from "./error-summary";
import { TextArea, TextField } from "./fields";
import { SupportLineFields } from "./support-line-fields";

/** What a section's page sent, to show again after an error; before that, every field shows the draft. */
export interface SentForm {
  sent: boolean;
  /** The field as sent (several values for checkboxes), or the fallback when nothing was sent. */
  value: (name: string, fallback: string) => string | unknown[];
  all: (name: string) => string[];
  err: (name: string) => string | undefined;
  errors: FieldError[];
}

export function sentForm(entries: [string, string][] | null, errors: FieldError[]): SentForm {
  const all = (name: string) => (entries ?? []).filter(([k]) => k === name).map(([, v]) => v);
  return {
    sent: entries !== null,
    all,
    value: (name, fallback) => {
      if (!entries) return fallback;
      const found = all(name);
      return found.length > 1 ? found : (found[0] ?? (name.endsWith("outcomePositions") ? [] : ""));
    },
    err: (name) => errors.find((e) => e.fieldId === idOf(name))?.message,
    errors,
  };
}

export function AboutFields({ f, draft }: { f: SentForm; draft: { whatMatters: string; whoWasInvolved: string } }) {
  return (
    <>
      <TextArea
        id="whatMatters"
        label="What matters to the person, in their own words"
        rows={4}
        defaultValue={f.value("whatMatters", draft.whatMatters) as string}
        error={f.err("whatMatters")}
      />
      <TextArea
        id="whoWasInvolved"
        label="Who was involved, chosen by the person"
        hint='For example, "Me, my daughter Jo and my district nurse. I chose them."'
        rows={2}
        defaultValue={f.value("whoWasInvolved", draft.whoWasInvolved) as string}
        error={f.err("whoWasInvolved")}
      />
    </>
  );
}

export function OutcomesFields({ f, outcomes }: { f: SentForm; outcomes: { outcome: string; howWillYouKnow: string }[] }) {
  return (
    <>
      {outcomes.map((o, i) => (
        <fieldset className="nhsuk-fieldset app-row" key={`o${i}`}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
            Outcome {i + 1}
            {o.outcome === "" && o.howWillYouKnow === "" ? " (leave blank if not needed)" : ""}
          </legend>
          <TextField
            id={idOf(`outcomes[${i}].outcome`)}
            name={`outcomes[${i}].outcome`}
            label="The outcome the person wants"
            defaultValue={f.value(`outcomes[${i}].outcome`, o.outcome) as string}
            error={f.err(`outcomes[${i}].outcome`)}
          />
          <TextField
            id={idOf(`outcomes[${i}].howWillYouKnow`)}
            name={`outcomes[${i}].howWillYouKnow`}
            label="How the person will know it is achieved"
            defaultValue={f.value(`outcomes[${i}].howWillYouKnow`, o.howWillYouKnow) as string}
            error={f.err(`outcomes[${i}].howWillYouKnow`)}
          />
        </fieldset>
      ))}
    </>
  );
}

const pounds = (pence: number) => formatPence(pence).slice(1).replace(/,/g, "");

export function SupportFields(props: {
  f: SentForm;
  lines: SupportLine[];
  spare: number;
  outcomeCount: number;
  organisations: { id: string; name: string }[];
  contingencyPence: number;
}) {
  const { f, lines } = props;
  const rows = [
    ...lines.map((l) => ({ ...l, costPerUnit: pounds(l.costPerUnitPence), units: String(l.units) })),
    ...Array.from({ length: props.spare }, () => ({
      lineKey: "",
      description: "",
      provider: "",
      units: "",
      frequency: "a-week",
      costPerUnit: "",
      fundingSource: "nhs",
      holding: "notional",
      thirdPartyOrganisationId: null as string | null,
      outcomePositions: [] as number[],
    })),
  ];
  return (
    <>
      {props.outcomeCount === 0 ? <p>Add the outcomes first: each support line is for at least one of them.</p> : null}
      {rows.map((l, i) => (
        <SupportLineFields
          key={`l${i}`}
          index={i}
          line={l}
          spare={i >= lines.length}
          outcomeCount={props.outcomeCount}
          organisations={props.organisations}
          value={f.value}
          err={f.err}
          sent={f.sent}
        />
      ))}
      <button type="submit" name="intent" value="add-rows" className="nhsuk-button nhsuk-button--secondary">
        Save and add more rows
      </button>
      <TextField
        id="contingency"
        name="contingency"
        label="Contingency, in pounds"
        hint="Kept by the NHS for when needs change. For example, 500.00"
        inputMode="decimal"
        width={10}
        defaultValue={f.value("contingency", pounds(props.contingencyPence)) as string}
        error={f.err("contingency")}
      />
    </>
  );
}

/** A date in the past is asked about: the box to confirm it shows while the date, as carried or typed, is past. */
function PastDateCheck({ name, label, on, f }: { name: "startsOn" | "firstReviewOn"; label: string; on: string; f: SentForm }) {
  const id = `${name}PastConfirmed`;
  const error = f.errors.find((e) => e.fieldId === id)?.message;
  const ticked = f.sent ? f.all("confirmedPast").includes(name) : false;
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={error ? `${id}-error` : `${id}-hint`}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
          {label}, {longDate(on)}, is in the past
        </legend>
        <div className="nhsuk-hint" id={`${id}-hint`}>
          Check it is right. If it is not, change the date above.
        </div>
        {error ? (
          <span className="nhsuk-error-message" id={`${id}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        ) : null}
        <div className="nhsuk-checkboxes">
          <div className="nhsuk-checkboxes__item">
            <input className="nhsuk-checkboxes__input" id={id} name="confirmedPast" type="checkbox" value={name} defaultChecked={ticked} />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
              Yes, this date in the past is right
            </label>
          </div>
        </div>
      </fieldset>
    </div>
  );
}

export function DatesFields({
  f,
  draft,
  today,
}: {
  f: SentForm;
  draft: { version: number; startsOn: string; firstReviewOn: string; reviewEveryMonths: number };
  today: string;
}) {
  const dateValues: Record<string, string | undefined> = {
    startsOn: draft.startsOn,
    firstReviewOn: draft.firstReviewOn,
  };
  for (const name of ["startsOn", "firstReviewOn"])
    for (const part of ["day", "month", "year"]) if (f.sent) dateValues[`${name}-${part}`] = f.all(`${name}-${part}`)[0] ?? "";
  // The date as it now stands: what was typed, once sent (when it reads as a date), or else the draft's.
  const current = (name: "startsOn" | "firstReviewOn") => {
    if (!f.sent) return draft[name];
    const [d, m, y] = ["day", "month", "year"].map((p) => dateValues[`${name}-${p}`] ?? "");
    if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
    return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  };
  const starts = current("startsOn");
  const review = current("firstReviewOn");
  return (
    <>
      <DateInput name="startsOn" label="Date the plan starts" values={dateValues} errors={f.errors} />
      {starts && starts < today ? <PastDateCheck name="startsOn" label="The start date" on={starts} f={f} /> : null}
      <DateInput
        name="firstReviewOn"
        label="Date of the first review"
        hint="No more than 3 months after the plan starts. You can set an earlier date. For example, 1 3 2027"
        values={dateValues}
        errors={f.errors}
      />
      {/* A first review already past is asked about only as carried from the last version: a new one must be to come. */}
      {review && review < today && draft.version > 1 && review === draft.firstReviewOn ? (
        <PastDateCheck name="firstReviewOn" label="The first review date" on={review} f={f} />
      ) : null}
      <TextField
        id="reviewEveryMonths"
        name="reviewEveryMonths"
        label="Then review every (months)"
        hint="At least every 12 months"
        inputMode="numeric"
        width={2}
        defaultValue={f.value("reviewEveryMonths", String(draft.reviewEveryMonths)) as string}
        error={f.err("reviewEveryMonths")}
      />
    </>
  );
}

export function CriteriaFields({ f, criteriaMet }: { f: SentForm; criteriaMet: string[] }) {
  const ticked = f.sent ? f.all("criteriaMet") : criteriaMet;
  const error = f.err("criteriaMet");
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={error ? "criteriaMet-hint criteriaMet-error" : "criteriaMet-hint"}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Confirmed with the person for this version of the plan</legend>
        <div className="nhsuk-hint" id="criteriaMet-hint">
          Check each one with the person again: what was agreed for the last version does not count for this one. All five must be met before the plan is sent
          for approval.
        </div>
        {error ? (
          <span className="nhsuk-error-message" id="criteriaMet-error">
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        ) : null}
        <div className="nhsuk-checkboxes">
          {FIVE_CRITERIA.map((c, i) => {
            const id = i === 0 ? "criteriaMet" : `criteriaMet-${c.key}`;
            return (
              <div className="nhsuk-checkboxes__item" key={c.key}>
                <input className="nhsuk-checkboxes__input" id={id} name="criteriaMet" type="checkbox" value={c.key} defaultChecked={ticked.includes(c.key)} />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
                  {c.text}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
