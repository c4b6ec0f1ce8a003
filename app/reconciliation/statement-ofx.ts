import { failWith, notPounds, notPoundsMessage, StatementCollector, type StatementRead } from "./statement-read";
import { cleanText, parseStatementAmount, parseStatementDate } from "./statement-values";

/**
 * OFX and QFX, both OFX 1.x SGML (end tags of values left out, an `OFXHEADER:100` block first) and OFX 2.x XML.
 *
 * Why not a library: ofx-js (the small, script-free one) turns SGML into XML with regular expressions, which loses
 * the line numbers every bad line must be reported by, and it mangles a memo holding "<" ("CARD 1234 <3" came back
 * with a tag named "3"). This is a tokenizer for the tag grammar, one pass over the text.
 */

interface OfxElement {
  name: string;
  line: number;
  text: string;
  children: OfxElement[];
}

// Values in OFX 1.x have no end tag; these are the ones read here, closed by the next tag even when left empty.
const VALUES = new Set([
  "CURDEF",
  "TRNTYPE",
  "DTPOSTED",
  "DTUSER",
  "DTAVAIL",
  "TRNAMT",
  "FITID",
  "CORRECTFITID",
  "SRVRTID",
  "CHECKNUM",
  "REFNUM",
  "SIC",
  "PAYEEID",
  "NAME",
  "EXTDNAME",
  "MEMO",
  "BALAMT",
  "DTASOF",
  "DTSTART",
  "DTEND",
  "ACCTID",
  "BANKID",
  "BRANCHID",
  "ACCTTYPE",
  "CODE",
  "SEVERITY",
  "MESSAGE",
  "DTSERVER",
  "LANGUAGE",
  "TRNUID",
  "CURSYM",
  "CURRATE",
]);

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Builds the element tree. A value element (one with text) ends at the next tag; an aggregate ends at its end tag,
 * and an end tag for an aggregate further up closes everything left open inside it, as SGML allows.
 */
export function parseOfxTree(text: string): OfxElement {
  const root: OfxElement = { name: "#root", line: 1, text: "", children: [] };
  const stack: OfxElement[] = [root];
  const top = () => stack[stack.length - 1];
  const closeValue = () => {
    const open = top();
    if (stack.length > 1 && (open.text !== "" || VALUES.has(open.name))) stack.pop();
  };
  // A tag is "<" then a name (or "/" name), ending at ">"; a "<" not starting a tag name is text ("CARD 1234 <3").
  const tag = /<(\/?)([A-Za-z][A-Za-z0-9_.:-]*)[^<>]*>|<!--[\s\S]*?-->|<[?!][^>]*>/g;
  let line = 1;
  let at = 0;
  const countLines = (to: number) => {
    for (let i = text.indexOf("\n", at); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) line += 1;
    at = to;
  };
  let textFrom = 0;
  const addText = (to: number) => {
    const value = cleanText(decodeEntities(text.slice(textFrom, to)));
    if (value !== "" && stack.length > 1) top().text = top().text === "" ? value : `${top().text} ${value}`;
  };
  for (let match = tag.exec(text); match; match = tag.exec(text)) {
    addText(match.index);
    textFrom = tag.lastIndex;
    countLines(match.index);
    const name = match[2]?.toUpperCase();
    if (!name) continue;
    if (match[1] === "") {
      closeValue();
      const element: OfxElement = { name, line, text: "", children: [] };
      top().children.push(element);
      // <TAG/> in XML is an empty element with nothing to close.
      if (!match[0].endsWith("/>")) stack.push(element);
      continue;
    }
    const openAt = stack.findLastIndex((e) => e.name === name);
    if (openAt > 0) stack.length = openAt;
  }
  addText(text.length);
  return root;
}

function* findAll(element: OfxElement, name: string): Generator<OfxElement> {
  for (const child of element.children) {
    if (child.name === name) yield child;
    else yield* findAll(child, name);
  }
}

const valueOf = (element: OfxElement, name: string) => element.children.find((c) => c.name === name);

/** Reads the transactions of every bank (STMTRS) and credit card (CCSTMTRS) statement in the file. */
export function readOfxStatement(text: string): StatementRead {
  const root = parseOfxTree(text);
  const statements = [...findAll(root, "STMTRS"), ...findAll(root, "CCSTMTRS")];
  if (statements.length === 0) return failWith("This OFX file has no bank or credit card statement in it");
  for (const statement of statements) {
    // OFX requires CURDEF; a file without one is taken as pounds, since nothing says otherwise.
    const currency = notPounds(valueOf(statement, "CURDEF")?.text ?? "");
    if (currency) return failWith(notPoundsMessage(currency), valueOf(statement, "CURDEF")?.line ?? null);
  }
  const collector = new StatementCollector();
  const transactions = statements.flatMap((s) => [...findAll(s, "STMTTRN")]).sort((a, b) => a.line - b.line);
  for (const transaction of transactions) {
    const field = (name: string) => valueOf(transaction, name)?.text ?? "";
    // A bad value is reported on its own line; a missing one on the line that opens the transaction.
    const lineOf = (name: string) => valueOf(transaction, name)?.line ?? transaction.line;
    const dateTag = valueOf(transaction, "DTPOSTED") ? "DTPOSTED" : "DTUSER";
    const date = parseStatementDate(field(dateTag));
    if (!date.ok) collector.problem(lineOf(dateTag), [field(dateTag) === "" ? "the transaction has no DTPOSTED date" : date.message]);
    const amount = parseStatementAmount(field("TRNAMT"));
    if (!amount.ok) collector.problem(lineOf("TRNAMT"), [field("TRNAMT") === "" ? "the transaction has no TRNAMT amount" : amount.message]);
    if (!date.ok || !amount.ok) continue;
    // UK banks cut NAME at 32 characters and put the full text in MEMO; both are kept when they differ.
    const name = field("NAME");
    const memo = field("MEMO");
    const description = memo === "" || memo === name ? name : name === "" || memo.startsWith(name) ? memo : `${name} ${memo}`;
    const reference = field("FITID") || field("REFNUM") || field("CHECKNUM") || null;
    collector.add({ line: transaction.line, date: date.value, amountPence: amount.value, description, reference, balancePence: null });
  }
  return collector.finish("ofx", null);
}
