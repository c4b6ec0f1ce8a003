import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { HOLDING_NAMES } from "~/budgets/budget-summary";
import { formatPence } from "~/ledger/money";
import { FREQUENCY_NAMES, FUNDING_SOURCE_NAMES, type FundingSource, type Holding } from "./rules";
import { longDate } from "~/dates/long-date";

const styles = StyleSheet.create({
  page: { padding: 36, fontSize: 10, fontFamily: "Helvetica", color: "#212b32" },
  heading: { fontSize: 16, marginBottom: 4, fontFamily: "Helvetica-Bold" },
  h2: { fontSize: 12, marginTop: 12, marginBottom: 4, fontFamily: "Helvetica-Bold" },
  sub: { marginBottom: 8, color: "#4c6272" },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: "#d8dde0", paddingVertical: 3 },
  bold: { fontFamily: "Helvetica-Bold" },
  what: { width: "40%", paddingRight: 4 },
  how: { width: "24%" },
  held: { width: "22%" },
  money: { width: "14%", textAlign: "right" },
});

export interface PlanPdfInput {
  holderName: string;
  statusLine: string;
  view: {
    version: number;
    whatMatters: string;
    whoWasInvolved: string;
    firstReviewOn: string;
    nextReviewOn: string;
    reviewEveryMonths: number;
    contingencyPence: number;
    outcomes: { position: number; outcome: string; howWillYouKnow: string }[];
    supportLines: {
      lineKey: string;
      description: string;
      provider: string;
      units: number;
      frequency: "a-week" | "a-month" | "a-year";
      costPerUnitPence: number;
      amountPence: number;
      fundingSource: FundingSource;
      holding: Holding;
      outcomePositions: number[];
    }[];
    split: { totalPence: number; byFundingSource: Record<FundingSource, number>; byHolding: Record<Holding, number> };
  };
}

/** The plan on paper: everything the person needs to share it, readable without the portal. */
function PlanDocument({ holderName, statusLine, view }: PlanPdfInput) {
  return (
    <Document title={`Personalised care and support plan for ${holderName}`} author="NHS personal health budget">
      <Page size="A4" style={styles.page}>
        <Text style={styles.heading}>Personalised care and support plan</Text>
        <Text style={styles.sub}>
          {holderName}. Version {view.version}. {statusLine}
        </Text>
        <Text style={styles.h2}>What matters to me</Text>
        <Text>{view.whatMatters}</Text>
        <Text style={styles.h2}>Who was involved</Text>
        <Text>{view.whoWasInvolved}</Text>
        <Text style={styles.h2}>Health and wellbeing outcomes</Text>
        {view.outcomes.map((o) => (
          <Text key={o.position}>
            {o.position}. {o.outcome}. How I will know: {o.howWillYouKnow}
          </Text>
        ))}
        <Text style={styles.h2}>Support</Text>
        <View style={[styles.row, styles.bold]}>
          <Text style={styles.what}>Support (for outcome)</Text>
          <Text style={styles.how}>How it is worked out</Text>
          <Text style={styles.held}>Funded by, held as</Text>
          <Text style={styles.money}>A year</Text>
        </View>
        {view.supportLines.map((l) => (
          <View style={styles.row} key={l.lineKey} wrap={false}>
            <Text style={styles.what}>
              {l.description}, {l.provider} (outcome {l.outcomePositions.join(", ")})
            </Text>
            <Text style={styles.how}>
              {l.units} {FREQUENCY_NAMES[l.frequency]} x {formatPence(l.costPerUnitPence)}
            </Text>
            <Text style={styles.held}>
              {FUNDING_SOURCE_NAMES[l.fundingSource]}, {HOLDING_NAMES[l.holding].toLowerCase()}
            </Text>
            <Text style={styles.money}>{formatPence(l.amountPence)}</Text>
          </View>
        ))}
        <View style={styles.row}>
          <Text style={{ width: "86%" }}>Contingency</Text>
          <Text style={styles.money}>{formatPence(view.contingencyPence)}</Text>
        </View>
        <View style={[styles.row, styles.bold]}>
          <Text style={{ width: "86%" }}>Budget for the year</Text>
          <Text style={styles.money}>{formatPence(view.split.totalPence)}</Text>
        </View>
        <Text style={styles.h2}>How the budget is held</Text>
        {(Object.entries(view.split.byHolding) as [Holding, number][])
          .filter(([, p]) => p > 0)
          .map(([h, p]) => (
            <Text key={h}>
              {HOLDING_NAMES[h]}: {formatPence(p)}
            </Text>
          ))}
        <Text style={styles.h2}>Who funds it</Text>
        {(Object.entries(view.split.byFundingSource) as [FundingSource, number][])
          .filter(([, p]) => p > 0)
          .map(([s, p]) => (
            <Text key={s}>
              {FUNDING_SOURCE_NAMES[s]}: {formatPence(p)}
            </Text>
          ))}
        <Text style={styles.h2}>Reviews</Text>
        <Text>
          First review {longDate(view.firstReviewOn)}, then at least every {view.reviewEveryMonths} months. Next review {longDate(view.nextReviewOn)}.
        </Text>
      </Page>
    </Document>
  );
}

export function renderPlanPdf(input: PlanPdfInput): Promise<Buffer> {
  return renderToBuffer(<PlanDocument {...input} />);
}
