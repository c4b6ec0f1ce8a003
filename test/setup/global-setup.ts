import { openDatabase } from "#db/client.server";
import { adminQuery, TEMPLATE_DATABASE, withDatabase } from "./database";

/** On a PostgreSQL server, migrate one template database; each test file then copies it in milliseconds. */
export default async function setup() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return;
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await adminQuery(serverUrl, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const template = await openDatabase({ url: withDatabase(serverUrl, TEMPLATE_DATABASE), maxConnections: 1 });
  await template.migrate();
  await template.close();
  return async () => {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  };
}
