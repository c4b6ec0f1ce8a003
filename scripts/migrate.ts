/** `npm run db:migrate [-- --database-url URL]`: apply the committed migrations without starting the portal. */
import { openScriptDatabase } from "./open-database";

const database = await openScriptDatabase(process.argv, { migrate: true });
console.log(`Migrations applied to ${database.where}.`);
await database.close();
