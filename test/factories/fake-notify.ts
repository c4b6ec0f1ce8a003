import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A key of the shape Notify issues, `{key name}-{service id}-{secret}`: the client signs with the secret. */
export function fakeApiKey() {
  const serviceId = randomUUID();
  const secret = randomUUID();
  return { apiKey: `phb_portal_test-${serviceId}-${secret}`, serviceId, secret };
}

export interface Received {
  method: string;
  path: string;
  authorization: string;
  body: Record<string, unknown>;
}

type Answer = { status: number; body: unknown } | "never";

/** GOV.UK Notify's email endpoint as a real HTTP server on a free port, answering what each test tells it to. */
export async function startFakeNotify(answer: (request: Received) => Answer | Promise<Answer>) {
  const received: Received[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const request = { method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization ?? "", body: JSON.parse(text || "{}") };
    received.push(request);
    const reply = await answer(request);
    if (reply === "never") return;
    res.writeHead(reply.status, { "Content-Type": "application/json" }).end(JSON.stringify(reply.body));
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What Notify answers to a request it has accepted (201), per its API documentation. */
export function accepted(request: Received, notificationId: string) {
  return {
    status: 201,
    body: {
      id: notificationId,
      reference: request.body.reference,
      content: {
        subject: "You have been invited to help manage a personal health budget",
        body: "…",
        from_email: "phb.portal@notifications.service.gov.uk",
        one_click_unsubscribe_url: null,
      },
      uri: `https://api.notifications.service.gov.uk/v2/notifications/${notificationId}`,
      template: {
        id: request.body.template_id,
        version: 1,
        uri: `https://api.notifications.service.gov.uk/services/x/templates/${String(request.body.template_id)}`,
      },
      scheduled_for: null,
    },
  };
}
