import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { getDb, type Database } from "#db/client.server";
import { holders } from "#db/schema";
import { currentScope, enterCommissioner } from "#db/tenant.server";
import type { Actor } from "~/audit/audit.server";
import { isUuid } from "~/http/ids";
import { readSession } from "~/people/sessions.server";
import { clearSessionCookie, readSessionToken } from "~/people/session-cookie.server";
import { loadPrincipal } from "./principal.server";
import { decide, may, type Action, type Principal } from "./rules";

export interface SignedIn {
  principal: Principal;
  sessionId: string;
  lastSeenAt: Date;
  /** The holder a representative has chosen to act for, if any. */
  actingForHolderId: string | null;
  actor: Actor;
}

export function requestIdOf(request: Request): string | null {
  return request.headers.get("x-request-id");
}

type SignedInLookup = SignedIn | "expired" | null;

/**
 * The signed-in user, or null; an idle session is reported so the caller can say why they were signed out.
 *
 * Read once per request: Remix hands the root loader and each route's loader a Request of its own, and each used to
 * read the session and the user again. The answer is kept in the request's scope, per method, because the loaders
 * that run after an action (GET) must see what the action (POST) changed, such as who a representative acts for.
 */
export function getSignedIn(request: Request, db: Database = getDb()): Promise<SignedInLookup> {
  const memo = currentScope()?.memo;
  const key = `signed-in:${request.method}`;
  const known = memo?.get(key);
  // Reading the user put the request in their commissioner's scope; a loader in another scope needs it put again.
  if (known?.db === db)
    return (known.value as Promise<SignedInLookup>).then((signedIn) => {
      if (signedIn && signedIn !== "expired") enterCommissioner(signedIn.principal.commissionerId);
      return signedIn;
    });
  const lookup = lookUpSignedIn(request, db);
  memo?.set(key, { db, value: lookup });
  // A failed lookup is not kept: the next loader asks again rather than inheriting the error.
  lookup.catch(() => memo?.delete(key));
  return lookup;
}

async function lookUpSignedIn(request: Request, db: Database): Promise<SignedInLookup> {
  const session = await readSession(db, await readSessionToken(request));
  if (session.status === "expired") return "expired";
  if (session.status === "none") return null;
  const principal = await loadPrincipal(db, session.userId, undefined, session.user);
  if (!principal) return null;
  const actingForHolderId =
    principal.kind === "representative" && principal.representing.some((r) => r.holderId === session.actingForHolderId) ? session.actingForHolderId : null;
  return {
    principal,
    sessionId: session.sessionId,
    lastSeenAt: session.lastSeenAt,
    actingForHolderId,
    actor: { userId: principal.userId, commissionerId: principal.commissionerId, requestId: requestIdOf(request) },
  };
}

/** Signed in, or sent to sign in (or told their session timed out) and brought back afterwards. */
export async function requireUser(request: Request, db: Database = getDb()): Promise<SignedIn> {
  const signedIn = await getSignedIn(request, db);
  if (signedIn === "expired") {
    throw redirect("/signed-out?reason=timeout", { headers: { "Set-Cookie": await clearSessionCookie(request) } });
  }
  if (!signedIn) {
    const url = new URL(request.url);
    throw redirect(`/sign-in?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return signedIn;
}

export type AccessTarget = { holderId: string } | "own-commissioner";

/**
 * The first call in every loader and action that touches a record. Another commissioner's record, or a holder
 * this user has nothing to do with, is a 404; a known record with an action the user may not take is a 403.
 */
export async function requireAccess(request: Request, action: Action, target: AccessTarget, db: Database = getDb()): Promise<SignedIn> {
  return authorise(await requireUser(request, db), action, target, db);
}

/**
 * For pages about "the" holder (home, plan, statement, spending): the holder signed in, the person a
 * representative has chosen to act for, or for staff and support organisations the holder named by ?holder=.
 * Access is then checked as in requireAccess.
 */
export async function requireCurrentHolder(request: Request, action: Action, db: Database = getDb()): Promise<SignedIn & { holderId: string }> {
  const signedIn = await requireUser(request, db);
  const { principal } = signedIn;
  const holderId =
    principal.kind === "holder"
      ? principal.ownHolderId
      : principal.kind === "representative"
        ? signedIn.actingForHolderId
        : new URL(request.url).searchParams.get("holder");
  if (!holderId) {
    if (principal.kind === "representative") throw redirect("/acting-for");
    throw notFound();
  }
  return { ...(await authorise(signedIn, action, { holderId }, db)), holderId };
}

async function authorise(signedIn: SignedIn, action: Action, target: AccessTarget, db: Database): Promise<SignedIn> {
  const { principal } = signedIn;
  let decision;
  if (target === "own-commissioner") {
    decision = decide(principal, action, { type: "commissioner", commissionerId: principal.commissionerId });
  } else {
    const linked =
      target.holderId === principal.ownHolderId ||
      principal.representing.some((r) => r.holderId === target.holderId) ||
      principal.supporting.some((s) => s.holderId === target.holderId);
    // loadPrincipal reads only the links within the user's commissioner, so a linked holder's is already known.
    const [holder] = linked
      ? [{ commissionerId: principal.commissionerId }]
      : isUuid(target.holderId)
        ? await db.select({ commissionerId: holders.commissionerId }).from(holders).where(eq(holders.id, target.holderId))
        : [];
    if (!holder) throw notFound();
    decision = decide(principal, action, { type: "holder", holderId: target.holderId, commissionerId: holder.commissionerId });
    if (decision === "allow" && principal.kind === "representative") {
      return { ...signedIn, actor: { ...signedIn.actor, onBehalfOfHolderId: target.holderId } };
    }
  }
  if (decision === "not-found") throw notFound();
  if (decision === "forbidden") throw new Response("You do not have permission to do this", { status: 403 });
  return signedIn;
}

/**
 * The holder's records as an employer: their PAs and their pay. A representative sees them only with the payroll
 * scope; everyone else as they see the holder's other records.
 */
export async function requirePayrollRecords(request: Request, db: Database = getDb()) {
  const signedIn = await requireCurrentHolder(request, "view", db);
  if (signedIn.principal.kind === "representative" && !may(signedIn.principal, "manage-payroll", signedIn.holderId)) {
    throw new Response("You do not have permission to do this", { status: 403 });
  }
  return signedIn;
}

/**
 * Letters to the holder about their money (a recovery): the holder, whoever acts for them with the view scope, and
 * staff. Not a support organisation: what it knows of the holder is what its assignment needs, and a letter is not.
 */
export async function requireLetterReader(request: Request, db: Database = getDb()) {
  const signedIn = await requireCurrentHolder(request, "view", db);
  if (signedIn.principal.kind === "support") throw new Response("You do not have permission to do this", { status: 403 });
  return signedIn;
}

/** A PA's own pages: their hours and payslips. Anyone else has no business knowing they exist. */
export async function requireOwnAssistant(request: Request, db: Database = getDb()): Promise<SignedIn & { assistantId: string; holderId: string }> {
  const signedIn = await requireUser(request, db);
  const own = signedIn.principal.kind === "assistant" ? signedIn.principal.ownAssistant : null;
  if (!own) throw notFound();
  return { ...signedIn, assistantId: own.id, holderId: own.holderId, actor: { ...signedIn.actor, onBehalfOfHolderId: own.holderId } };
}

/** A payslip's readers: the PA it pays (theirs only), and whoever sees their employer's payroll records. */
export async function requirePayslipReader(request: Request, db: Database = getDb()): Promise<SignedIn & { holderId: string; assistantId: string | null }> {
  const { principal } = await requireUser(request, db);
  if (principal.kind === "assistant") return requireOwnAssistant(request, db);
  return { ...(await requirePayrollRecords(request, db)), assistantId: null };
}

/** A support organisation's own pages (its payroll runs): anyone else has no business knowing they exist. */
export async function requireSupportOrganisation(request: Request, db: Database = getDb()): Promise<SignedIn & { organisationId: string }> {
  const signedIn = await requireUser(request, db);
  const organisationId = signedIn.principal.kind === "support" ? signedIn.principal.supportOrganisationId : null;
  if (!organisationId) throw notFound();
  return { ...signedIn, organisationId };
}

export function notFound() {
  return new Response("Page not found", { status: 404 });
}
