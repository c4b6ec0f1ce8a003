import axios from "axios";
import { NotifyClient } from "notifications-node-client";
import type { Logger } from "pino";
import { z } from "zod";
import { logger as appLogger } from "~/logger.server";

/** GOV.UK Notify's own API; tests and local stubs point NOTIFY_BASE_URL elsewhere. */
export const NOTIFY_API_URL = "https://api.notifications.service.gov.uk";

/** The client sets no timeout of its own: without one, a slow Notify would leave the person inviting waiting. */
const TIMEOUT_MS = 10_000;

export interface NotifyConfig {
  apiKey: string;
  baseUrl: string;
  invitationTemplateId: string;
  /** Without it, password reset is not offered by email: people are told to ask their coordinator. */
  passwordResetTemplateId?: string | null;
  /** Without it, a PA's link to sign in is given to whoever invited them, to pass on. */
  assistantInvitationTemplateId?: string | null;
  /** Without it, the holder learns of finance's questions on their home page only. */
  financeQueryTemplateId?: string | null;
  timeoutMs: number;
}

const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);

// Notify API keys are `{key name}-{service id}-{secret}`, both ids being UUIDs.
const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const NotifyEnvSchema = z.object({
  NOTIFY_API_KEY: z.preprocess(unsetIfEmpty, z.string().regex(new RegExp(`^.+-${GUID}-${GUID}$`, "i"))),
  NOTIFY_BASE_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/ }).optional()),
  NOTIFY_INVITATION_TEMPLATE_ID: z.preprocess(unsetIfEmpty, z.guid()),
  NOTIFY_PASSWORD_RESET_TEMPLATE_ID: z.preprocess(unsetIfEmpty, z.guid().optional()),
  NOTIFY_ASSISTANT_INVITATION_TEMPLATE_ID: z.preprocess(unsetIfEmpty, z.guid().optional()),
  NOTIFY_FINANCE_QUERY_TEMPLATE_ID: z.preprocess(unsetIfEmpty, z.guid().optional()),
});

/**
 * GOV.UK Notify's settings, read on every call so a change of environment needs no restart of this module.
 * Null when email is not set up: neither the key nor the template is set, or one of them is not usable.
 */
export function readNotifyConfig(env: NodeJS.ProcessEnv = process.env, log: Logger = appLogger): NotifyConfig | null {
  if (!env.NOTIFY_API_KEY && !env.NOTIFY_INVITATION_TEMPLATE_ID) return null;
  const parsed = NotifyEnvSchema.safeParse(env);
  if (!parsed.success) {
    // Name the settings that are wrong, never their values: one of them is a secret.
    log.error({ settings: parsed.error.issues.map((i) => i.path.join(".")) }, "GOV.UK Notify is not set up correctly, so no email is sent");
    return null;
  }
  return {
    apiKey: parsed.data.NOTIFY_API_KEY,
    baseUrl: (parsed.data.NOTIFY_BASE_URL ?? NOTIFY_API_URL).replace(/\/+$/, ""),
    invitationTemplateId: parsed.data.NOTIFY_INVITATION_TEMPLATE_ID,
    passwordResetTemplateId: parsed.data.NOTIFY_PASSWORD_RESET_TEMPLATE_ID ?? null,
    assistantInvitationTemplateId: parsed.data.NOTIFY_ASSISTANT_INVITATION_TEMPLATE_ID ?? null,
    financeQueryTemplateId: parsed.data.NOTIFY_FINANCE_QUERY_TEMPLATE_ID ?? null,
    timeoutMs: TIMEOUT_MS,
  };
}

/** The placeholders the invitation template in Notify uses, as ((name)), ((holder_name)) and so on. */
export interface InvitationPersonalisation {
  name: string;
  holder_name: string;
  invited_by: string;
  relationship: string;
  link: string;
  expires_on: string;
}

export interface InvitationEmail {
  emailAddress: string;
  personalisation: InvitationPersonalisation;
  /** Our id for the message, shown against it in Notify: the invitation id, never the link. */
  reference: string;
}

export type EmailOutcome = { sent: true; notificationId: string } | { sent: false; reason: "not-configured" | "failed"; message: string };

const SentSchema = z.object({ id: z.string().min(1) });
const NotifyErrorsSchema = z.object({ errors: z.array(z.object({ error: z.string(), message: z.string() })) });

/**
 * Asks GOV.UK Notify to email someone their invitation. Never throws: a failure comes back as `sent: false`, and is
 * logged with Notify's status and error messages only (the request itself holds the link and a signed token).
 */
export async function sendRepresentativeInvitation(
  email: InvitationEmail,
  options: { config?: NotifyConfig | null; logger?: Logger } = {},
): Promise<EmailOutcome> {
  const log = options.logger ?? appLogger;
  const config = options.config === undefined ? readNotifyConfig(process.env, log) : options.config;
  if (!config) return { sent: false, reason: "not-configured", message: "Email through GOV.UK Notify is not set up" };
  return sendEmail(config, config.invitationTemplateId, email, log);
}

/** The placeholders the password reset template in Notify uses: ((name)), ((link)) and ((expires_in)). */
export interface PasswordResetPersonalisation {
  name: string;
  link: string;
  expires_in: string;
}

/** Whether a forgotten password can be reset by email here: Notify is set up, with a template for it. */
export function passwordResetByEmail(log: Logger = appLogger): boolean {
  return Boolean(readNotifyConfig(process.env, log)?.passwordResetTemplateId);
}

/** Emails a one-time password reset link, as the invitation is sent: never throws, never logs the link. */
export async function sendPasswordReset(
  email: { emailAddress: string; personalisation: PasswordResetPersonalisation; reference: string },
  options: { config?: NotifyConfig | null; logger?: Logger } = {},
): Promise<EmailOutcome> {
  const log = options.logger ?? appLogger;
  const config = options.config === undefined ? readNotifyConfig(process.env, log) : options.config;
  if (!config?.passwordResetTemplateId) return { sent: false, reason: "not-configured", message: "Password reset email is not set up" };
  return sendEmail(config, config.passwordResetTemplateId, email, log);
}

/** Emails a PA their link to sign in, with ((name)), ((employer_name)), ((link)) and ((expires_on)), as the others. */
export async function sendAssistantInvitation(
  email: { emailAddress: string; personalisation: { name: string; employer_name: string; link: string; expires_on: string }; reference: string },
  options: { config?: NotifyConfig | null; logger?: Logger } = {},
): Promise<EmailOutcome> {
  const log = options.logger ?? appLogger;
  const config = options.config === undefined ? readNotifyConfig(process.env, log) : options.config;
  if (!config?.assistantInvitationTemplateId) return { sent: false, reason: "not-configured", message: "Email to personal assistants is not set up" };
  return sendEmail(config, config.assistantInvitationTemplateId, email, log);
}

/**
 * Tells the holder (or whoever answers for them) that finance has a question waiting on the portal, or that one is
 * nearly due, with ((name)), ((link)), ((due_on)) and ((reminder)) ("yes" or "no"). The question itself stays on the
 * portal, behind sign-in: an email may be read by anyone in the house.
 */
export async function sendFinanceQuery(
  email: { emailAddress: string; personalisation: { name: string; link: string; due_on: string; reminder: "yes" | "no" }; reference: string },
  options: { config?: NotifyConfig | null; logger?: Logger } = {},
): Promise<EmailOutcome> {
  const log = options.logger ?? appLogger;
  const config = options.config === undefined ? readNotifyConfig(process.env, log) : options.config;
  if (!config?.financeQueryTemplateId) return { sent: false, reason: "not-configured", message: "Email about finance queries is not set up" };
  return sendEmail(config, config.financeQueryTemplateId, email, log);
}

async function sendEmail(
  config: NotifyConfig,
  templateId: string,
  email: { emailAddress: string; personalisation: object; reference: string },
  log: Logger,
): Promise<EmailOutcome> {
  const client = new NotifyClient(config.baseUrl, config.apiKey);
  client.setClient(axios.create({ timeout: config.timeoutMs }));
  try {
    const response = await client.sendEmail(templateId, email.emailAddress, {
      personalisation: email.personalisation as Record<string, string>,
      reference: email.reference,
    });
    const sent = SentSchema.safeParse(response.data);
    if (sent.success) return { sent: true, notificationId: sent.data.id };
    return failed(log, email.reference, { status: response.status }, "GOV.UK Notify's answer had no notification id");
  } catch (error) {
    return failed(log, email.reference, ...describeFailure(error, config.timeoutMs));
  }
}

function failed(log: Logger, reference: string, detail: Record<string, unknown>, message: string): EmailOutcome {
  log.warn({ reference, ...detail }, `The email was not sent: ${message}`);
  return { sent: false, reason: "failed", message };
}

function describeFailure(error: unknown, timeoutMs: number): [Record<string, unknown>, string] {
  if (!axios.isAxiosError(error)) return [{}, error instanceof Error ? error.message : "unknown error"];
  if (error.response) {
    const status = error.response.status;
    const body = NotifyErrorsSchema.safeParse(error.response.data);
    const notifyErrors = body.success ? body.data.errors.map((e) => `${e.error}: ${e.message}`) : [];
    return [{ status, notifyErrors }, `GOV.UK Notify answered ${status}${notifyErrors.length ? ` (${notifyErrors.join("; ")})` : ""}`];
  }
  if (error.code === "ECONNABORTED" || error.code === "ETIMEDOUT") {
    return [{ code: error.code }, `GOV.UK Notify did not answer within ${timeoutMs / 1000} seconds`];
  }
  return [{ code: error.code }, `GOV.UK Notify could not be reached (${error.code ?? "no error code"})`];
}
