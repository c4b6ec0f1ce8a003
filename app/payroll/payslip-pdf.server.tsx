import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { longDate } from "~/dates/long-date";
import { formatPence } from "~/ledger/money";
import { employerCostRows, payslipRows, type LoadedPayslip } from "./payslips.server";

const styles = StyleSheet.create({
  page: { padding: 36, fontSize: 10, fontFamily: "Helvetica", color: "#212b32" },
  heading: { fontSize: 16, marginBottom: 4, fontFamily: "Helvetica-Bold" },
  sub: { marginBottom: 12, color: "#4c6272" },
  section: { fontSize: 12, marginTop: 14, marginBottom: 4, fontFamily: "Helvetica-Bold" },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: "#d8dde0", paddingVertical: 3 },
  what: { width: "70%" },
  money: { width: "30%", textAlign: "right" },
  note: { marginTop: 14, color: "#4c6272", fontSize: 8 },
});

function Rows({ rows }: { rows: [string, number][] }) {
  return rows.map(([what, pence]) => (
    <View style={styles.row} key={what}>
      <Text style={styles.what}>{what}</Text>
      <Text style={styles.money}>{formatPence(pence)}</Text>
    </View>
  ));
}

function PayslipDocument({ payslip, assistant, employer }: LoadedPayslip) {
  const name = `${assistant.givenName} ${assistant.familyName}`;
  return (
    <Document title={`Payslip for ${name}`} author="NHS personal health budget">
      <Page size="A4" style={styles.page}>
        <Text style={styles.heading}>Payslip</Text>
        <Text style={styles.sub}>
          {name} (payroll {assistant.payrollReference}), employed by {employer.givenName} {employer.familyName}, PAYE {employer.payeReference}
        </Text>
        <Text>
          Pay period {longDate(payslip.periodStartsOn)} to {longDate(payslip.periodEndsOn)}, paid {longDate(payslip.paymentDate)}
        </Text>
        <Text style={styles.section}>Pay</Text>
        <Rows rows={payslipRows(payslip)} />
        <Text style={styles.section}>What the employer paid on top</Text>
        <Rows rows={employerCostRows(payslip)} />
        <Text style={styles.note}>Worked out by the payroll software, which also tells HMRC. Kept by the NHS personal health budget portal.</Text>
      </Page>
    </Document>
  );
}

export function renderPayslipPdf(loaded: LoadedPayslip): Promise<Buffer> {
  return renderToBuffer(<PayslipDocument {...loaded} />);
}
