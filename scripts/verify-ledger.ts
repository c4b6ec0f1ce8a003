/**
 * `npm run verify-ledger [-- --database-url postgres://...]`: reads the whole ledger, prints a summary and every
 * break it finds, and exits 1 if there is any.
 */
import { formatVerification, verifyLedger } from "../app/ledger/verify.server";
import { openScriptDatabase } from "./open-database";

const database = await openScriptDatabase(process.argv.slice(2), { migrate: true });
try {
  const started = Date.now();
  const result = await verifyLedger(database.db);
  console.log(`Ledger in ${database.where}, checked in ${Date.now() - started} ms\n`);
  console.log(formatVerification(result));
  process.exitCode = result.breaks.length > 0 ? 1 : 0;
} finally {
  await database.close();
}
