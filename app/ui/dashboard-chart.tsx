import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPence } from "~/ledger/money";

const WHOLE_POUNDS = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

export interface ChartSeries {
  key: string;
  label: string;
  colour: string;
}

/**
 * A bar chart of one of the dashboard's tables: a picture of the table beside it, which carries the same numbers for
 * screen readers and without JavaScript, so the chart is hidden from assistive technology. Drawn in the browser only,
 * as the spend chart is (see spend-chart.tsx: the CSP drops the style attributes recharts would render on the server);
 * its space is kept so the page does not jump when it is drawn.
 */
export function DashboardChart({
  rows,
  series,
  stacked = false,
  money = false,
  sideways = false,
}: {
  rows: ({ name: string } & Record<string, number | string>)[];
  series: ChartSeries[];
  stacked?: boolean;
  /** Values in pence, shown in pounds; otherwise counts of people. */
  money?: boolean;
  /** Bars along, with the names down the side: for names too long to sit under a bar. */
  sideways?: boolean;
}) {
  const [inBrowser, setInBrowser] = useState(false);
  useEffect(() => setInBrowser(true), []);
  const data = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, money && typeof v === "number" ? v / 100 : v])));
  const format = (v: number) => (money ? formatPence(Math.round(v * 100)) : String(v));
  // Pence on an axis are noise: its ticks are whole pounds.
  const tick = (v: number) => (money ? WHOLE_POUNDS.format(v) : String(v));
  return (
    <div aria-hidden="true" className="app-spend-chart">
      {inBrowser ? (
        <ResponsiveContainer width="100%" height={sideways ? Math.max(200, 50 * rows.length + 80) : 280}>
          <BarChart data={data} layout={sideways ? "vertical" : "horizontal"} margin={{ left: 8, right: 8 }} accessibilityLayer={false} tabIndex={-1}>
            <CartesianGrid strokeDasharray="3 3" />
            {sideways ? (
              <>
                <XAxis type="number" allowDecimals={false} tickFormatter={tick} />
                <YAxis type="category" dataKey="name" width={120} />
              </>
            ) : (
              <>
                {/* A few names are all shown, however narrow; recharts would drop some to make room. Months may thin out. */}
                <XAxis dataKey="name" interval={rows.length <= 4 ? 0 : "preserveStartEnd"} />
                <YAxis allowDecimals={false} tickFormatter={tick} width={money ? 80 : 40} />
              </>
            )}
            <Tooltip formatter={(v) => format(Number(v))} />
            {/* In the bars' order, not by name. */}
            <Legend itemSorter={null} formatter={(value) => <span className="app-spend-chart__legend">{value}</span>} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.colour} stackId={stacked ? "a" : undefined} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      ) : null}
    </div>
  );
}
