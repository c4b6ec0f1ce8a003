import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import type { LetterContent } from "./letter";

// As the statement and the plan: Helvetica on A4, NHS.UK's text colour; larger type, as this letter is read closely.
const styles = StyleSheet.create({
  page: { padding: 48, fontSize: 12, lineHeight: 1.4, fontFamily: "Helvetica", color: "#212b32" },
  from: { textAlign: "right", marginBottom: 18, color: "#4c6272" },
  to: { marginBottom: 18 },
  title: { fontSize: 16, marginBottom: 12, fontFamily: "Helvetica-Bold" },
  h2: { fontSize: 13, marginTop: 12, marginBottom: 4, fontFamily: "Helvetica-Bold" },
  paragraph: { marginBottom: 6 },
  signOff: { marginTop: 18 },
  pageNumber: { position: "absolute", bottom: 20, left: 48, right: 48, fontSize: 9, color: "#4c6272", textAlign: "center" },
});

function LetterDocument({ letter }: { letter: LetterContent }) {
  return (
    <Document title={letter.title} author="NHS personal health budget" language="en-GB">
      <Page size="A4" style={styles.page}>
        <View style={styles.from}>
          <Text>{letter.signOff[letter.signOff.length - 1]}</Text>
          <Text>{letter.date}</Text>
        </View>
        <View style={styles.to}>
          {letter.to.map((line, i) => (
            <Text key={i}>{line}</Text>
          ))}
        </View>
        <Text style={styles.paragraph}>{letter.greeting}</Text>
        <Text style={styles.title}>{letter.title}</Text>
        <Text style={styles.paragraph}>{letter.summary}</Text>
        {letter.sections.map((section) => (
          <View key={section.heading}>
            <Text style={styles.h2} minPresenceAhead={40}>
              {section.heading}
            </Text>
            {section.paragraphs.map((p, i) => (
              <Text key={i} style={styles.paragraph}>
                {p}
              </Text>
            ))}
          </View>
        ))}
        <View style={styles.signOff} wrap={false}>
          {letter.signOff.map((line, i) => (
            <Text key={i}>{line}</Text>
          ))}
        </View>
        <Text style={styles.pageNumber} fixed render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
      </Page>
    </Document>
  );
}

/** The letter on paper, rendered once when the recovery is approved and kept: it is never rendered again. */
export function renderLetterPdf(letter: LetterContent): Promise<Buffer> {
  return renderToBuffer(<LetterDocument letter={letter} />);
}
