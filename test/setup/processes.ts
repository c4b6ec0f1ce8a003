import net from "node:net";

/** A port nothing is listening on, so a run never meets a server left by another. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Checks every 200 ms until `check` holds, or throws after `ms`. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 60_000) {
  for (const until = Date.now() + ms; !(await check()); await new Promise((r) => setTimeout(r, 200))) {
    if (Date.now() > until) throw new Error("timed out");
  }
}
