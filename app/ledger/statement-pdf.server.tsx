import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { formatPence } from "./money";
import { longDate } from "~/dates/long-date";
import { CAUSE_NAMES, reversalNote, type StatementLine } from "./statement";

const styles = StyleSheet.create({
  page: { padding: 36, fontSize: 9, fontFamily: "Helvetica", color: "#212b32" },
  heading: { fontSize: 16, marginBottom: 4, fontFamily: "Helvetica-Bold" },
  sub: { marginBottom: 12, color: "#4c6272" },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: "#d8dde0", paddingVertical: 3 },
  head: { fontFamily: "Helvetica-Bold" },
  date: { width: "16%" },
  what: { width: "45%", paddingRight: 4 },
  money: { width: "13%", textAlign: "right" },
  note: { color: "#4c6272", fontSize: 8 },
});

export interface StatementPdfInput {
  holderName: string;
  accountName: string;
  from?: string;
  to?: string;
  openingPence: number;
  closingPence: number;
  lines: StatementLine[];
}

function StatementDocument(input: StatementPdfInput) {
  const period = `${input.from ? longDate(input.from) : "the start"} to ${input.to ? longDate(input.to) : "today"}`;
  return (
    <Document title={`Statement for ${input.holderName}`} author="NHS personal health budget">
      <Page size="A4" style={styles.page}>
        <Text style={styles.heading}>Personal health budget statement</Text>
        <Text style={styles.sub}>
          {input.holderName}, {input.accountName}, {period}
        </Text>
        <Text>
          Balance at the start: {formatPence(input.openingPence)} Balance at the end: {formatPence(input.closingPence)}
        </Text>
        <View style={[styles.row, styles.head, { marginTop: 10 }]} fixed>
          <Text style={styles.date}>Date</Text>
          <Text style={styles.what}>What it was</Text>
          <Text style={styles.money}>Money in</Text>
          <Text style={styles.money}>Money out</Text>
          <Text style={styles.money}>Balance</Text>
        </View>
        {input.lines.length === 0 ? <Text style={{ marginTop: 8 }}>Nothing was paid in or spent in this period.</Text> : null}
        {input.lines.map((line) => (
          <View style={styles.row} key={line.entryId} wrap={false}>
            <Text style={styles.date}>{longDate(line.effectiveDate)}</Text>
            <View style={styles.what}>
              <Text>
                {CAUSE_NAMES[line.kind]}: {line.description}
              </Text>
              {line.counterparty ? (
                <Text style={styles.note}>
                  {line.amountPence < 0 ? "Paid to" : "From"} {line.counterparty}
                </Text>
              ) : null}
              {reversalNote(line) ? <Text style={styles.note}>{reversalNote(line)}</Text> : null}
              <Text style={styles.note}>Reference {line.entryId}</Text>
            </View>
            <Text style={styles.money}>{line.amountPence > 0 ? formatPence(line.amountPence) : ""}</Text>
            <Text style={styles.money}>{line.amountPence < 0 ? formatPence(-line.amountPence) : ""}</Text>
            <Text style={styles.money}>{formatPence(line.balancePence)}</Text>
          </View>
        ))}
        <Text style={[styles.note, { marginTop: 12 }]} fixed render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
      </Page>
    </Document>
  );
}

export function renderStatementPdf(input: StatementPdfInput): Promise<Buffer> {
  return renderToBuffer(<StatementDocument {...input} />);
}
