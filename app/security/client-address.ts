import { isIPv4, isIPv6 } from "node:net";

/**
 * The header the portal's server puts the client's address in (server/app.ts), overwriting whatever a client
 * sent under that name, so a route can read the address express worked out with its `trust proxy` setting.
 */
export const CLIENT_ADDRESS_HEADER = "x-phb-client-address";

/** The client's address as the portal's server found it; "unknown" if it was not set, so such requests share a limit. */
export function clientAddressOf(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) || "unknown";
}

/**
 * What sign-in attempts are counted against: an IPv4 address, or an IPv6 address's /64, because one household
 * or phone is given a whole /64 and can change the rest of its address at will.
 */
export function networkOf(address: string): string {
  const bare = address.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return address;
  const [head, tail] = bare.split("::") as [string, string?];
  const before = hextetsOf(head);
  const after = tail === undefined ? [] : hextetsOf(tail);
  const full = [...before, ...Array<string>(8 - before.length - after.length).fill("0"), ...after];
  return `${full
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

/** "2001:db8" -> ["2001", "db8"]; an IPv4 tail ("192.0.2.10") is two hextets. */
function hextetsOf(part: string): string[] {
  if (!part) return [];
  return part.split(":").flatMap((group) => {
    if (!group.includes(".")) return [group];
    const [a, b, c, d] = group.split(".").map(Number);
    return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  });
}
