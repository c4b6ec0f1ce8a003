import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPence } from "~/ledger/money";

/** Below NHS.UK's tablet breakpoint. */
const PHONE_QUERY = "(max-width: 640px)";

export interface ChartLine {
  description: string;
  spentPence: number;
  committedPence: number;
  leftPence: number;
}

/**
 * Spent, committed and left per support line as stacked bars. A picture of the table beside it, which carries the
 * same numbers for screen readers and without JavaScript: the chart itself is hidden from assistive technology.
 *
 * Drawn in the browser only. Our CSP (style-src 'self') drops every style attribute in the HTML as served, and
 * recharts sizes its wrappers with style attributes, so a chart rendered on the server arrives with no height and
 * nothing drawn. Styles React sets in the browser go through the CSSOM, which the CSP leaves alone.
 */
export function SpendChart({ lines, withLeft = true }: { lines: ChartLine[]; withLeft?: boolean }) {
  const [inBrowser, setInBrowser] = useState(false);
  useEffect(() => setInBrowser(true), []);
  // On a phone a 200 px column of line names would leave the bars a sliver of a 320 px screen.
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const phone = window.matchMedia(PHONE_QUERY);
    const update = () => setNarrow(phone.matches);
    update();
    phone.addEventListener("change", update);
    return () => phone.removeEventListener("change", update);
  }, []);
  const data = lines.map((l) => ({
    name: l.description,
    Spent: l.spentPence / 100,
    Committed: l.committedPence / 100,
    // For dates within the year the year's allocation less those dates' spending is not what is left (reportScope).
    ...(withLeft ? { Left: Math.max(0, l.leftPence) / 100 } : {}),
  }));
  const pounds = (v: number) => formatPence(Math.round(v * 100));
  return (
    <div aria-hidden="true" className="app-spend-chart">
      {inBrowser ? (
        <ResponsiveContainer width="100%" height={Math.max(200, 70 * lines.length + 80)}>
          <BarChart data={data} layout="vertical" margin={narrow ? { left: 16, right: 8 } : { left: 24, right: 24 }} accessibilityLayer={false} tabIndex={-1}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" tickFormatter={pounds} />
            <YAxis type="category" dataKey="name" width={narrow ? 110 : 200} />
            <Tooltip formatter={(v) => pounds(Number(v))} />
            {/* In the bars' order, and in the text colour: the pale "Left" swatch colour is unreadable as text. */}
            <Legend itemSorter={null} formatter={(value) => <span className="app-spend-chart__legend">{value}</span>} />
            <Bar dataKey="Spent" stackId="a" fill="#005eb8" />
            <Bar dataKey="Committed" stackId="a" fill="#ffb81c" />
            {withLeft ? <Bar dataKey="Left" stackId="a" fill="#d8dde0" /> : null}
          </BarChart>
        </ResponsiveContainer>
      ) : null}
    </div>
  );
}
