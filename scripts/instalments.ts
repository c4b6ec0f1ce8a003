/**
 * `npm run instalments -- --until YYYY-MM-DD [--database-url postgres://...]`: pays every direct-payment and
 * third-party instalment due up to and including that date (today in the UK when left out), as the daily job does.
 * Safe to re-run, and safe to run in two processes at once: each instalment's key is its arrangement, plan year and
 * number.
 */
import { checkEffectiveDate, todayInUk } from "../app/ledger/entries";
import { postDueInstalments } from "../app/ledger/instalments.server";
import { formatPence } from "../app/ledger/money";
import { argValue, fail, openScriptDatabase } from "./open-database";

const argv = process.argv.slice(2);
const until = argValue(argv, "until") ?? todayInUk();
const valid = checkEffectiveDate(until);
if (!valid.ok) fail(`--until: ${valid.message}`);

const database = await openScriptDatabase(argv, { migrate: true });
try {
  const run = await postDueInstalments(database.db, { until });
  console.log(`Instalments due up to ${until} (${database.where}):`);
  console.log(`  posted now:      ${run.posted} (${formatPence(run.postedPence)})`);
  console.log(`  already posted:  ${run.alreadyPosted}`);
  console.log(`  refused:         ${run.refused.length}`);
  for (const r of run.refused) console.log(`    arrangement ${r.arrangementId}, due ${r.dueOn}: ${r.message}`);
  process.exitCode = run.refused.length > 0 ? 1 : 0;
} finally {
  await database.close();
}
