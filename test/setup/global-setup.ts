import { openDatabase } from "#db/client.server";
import { createPortalRole, grantPortalRole, roleOfUrl } from "#db/roles.server";
import { adminQuery, serverRoles, TEMPLATE_DATABASE, withDatabase } from "./database";

/**
 * On a PostgreSQL server, migrate one template database as the owner and grant the portal's role what it may do;
 * each test file then copies it in milliseconds. The portal's role is made here when the owner may make roles.
 */
export default async function setup() {
  const roles = serverRoles();
  if (!roles) return;
  const portalRole = roleOfUrl(roles.portalUrl);
  const server = await openDatabase({ url: roles.ownerUrl, maxConnections: 1 });
  await createPortalRole(server.db, portalRole);
  await server.close();
  await adminQuery(roles.ownerUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await adminQuery(roles.ownerUrl, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const template = await openDatabase({ url: withDatabase(roles.ownerUrl, TEMPLATE_DATABASE), maxConnections: 1 });
  await template.migrate();
  await grantPortalRole(template.db, portalRole);
  await template.close();
  return async () => {
    await adminQuery(roles.ownerUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  };
}
