import { formatPence, type Pence } from "~/ledger/money";

export function Money({ pence }: { pence: Pence }) {
  return <span className="app-nowrap">{formatPence(pence)}</span>;
}
