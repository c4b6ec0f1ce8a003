import { formatPence, type Pence } from "~/ledger/money";
import { longDate } from "~/dates/long-date";

/** A line of the statement of resources as the indicative budget reads it. */
export interface ResourceLine {
  lineKey: string;
  version: number;
  service: string;
  provider: string;
  purpose: string;
  unit: string;
  band: string | null;
  unitsPerYear: number;
  costPerUnitPence: Pence;
  includedInPersonalBudgets: boolean;
  availableFrom: string | null;
}

export type Working =
  | { lineKey: string; version: number; service: string; unit: string; unitsPerYear: number; costPerUnitPence: Pence; amountPence: Pence; included: true }
  | {
      lineKey: string;
      version: number;
      service: string;
      unit: string;
      unitsPerYear: number;
      costPerUnitPence: Pence;
      amountPence: 0;
      included: false;
      why: string;
    };

export interface IndicativeBudget {
  calculatedOn: string;
  band: string | null;
  workings: Working[];
  totalPence: Pence;
}

/**
 * The person-level statement of resources (handbook 2.7.4 e): of the lines chosen, only those that can be
 * included in a personal budget on the day, and in the person's band (lines with no band apply to every band),
 * count; each is units per year x cost per unit, in whole pence.
 */
export function calculateIndicative(lines: ResourceLine[], input: { band: string | null; on: string }): IndicativeBudget {
  const workings: Working[] = lines.map((l) => {
    const base = {
      lineKey: l.lineKey,
      version: l.version,
      service: l.service,
      unit: l.unit,
      unitsPerYear: l.unitsPerYear,
      costPerUnitPence: l.costPerUnitPence,
    };
    if (!l.includedInPersonalBudgets) return { ...base, amountPence: 0, included: false, why: "This service cannot be included in a personal budget" };
    if (l.availableFrom && l.availableFrom > input.on)
      return { ...base, amountPence: 0, included: false, why: `This service can be included from ${longDate(l.availableFrom)}` };
    if (l.band && input.band && l.band !== input.band) return { ...base, amountPence: 0, included: false, why: `This line is for band ${l.band}` };
    const amountPence = l.unitsPerYear * l.costPerUnitPence;
    if (!Number.isSafeInteger(amountPence)) throw new RangeError("Amount too large");
    return { ...base, amountPence, included: true };
  });
  const totalPence = workings.reduce((t, w) => t + w.amountPence, 0);
  return { calculatedOn: input.on, band: input.band, workings, totalPence };
}

/** "Physiotherapy: 52 sessions x £45.00 = £2,340.00": how the line was worked out, in plain English. */
export function explainWorking(w: Working): string {
  const units = `${w.unitsPerYear} ${w.unitsPerYear === 1 ? w.unit : pluralUnit(w.unit)}`;
  if (!w.included) return `${w.service}: not included. ${w.why}.`;
  return `${w.service}: ${units} a year x ${formatPence(w.costPerUnitPence)} = ${formatPence(w.amountPence)}`;
}

function pluralUnit(unit: string) {
  return /s$/.test(unit) ? unit : `${unit}s`;
}
