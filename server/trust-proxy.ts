/**
 * TRUST_PROXY as express's `trust proxy`: how many proxies in front of the portal to believe, or their addresses
 * ("10.0.0.5", "10.0.0.0/8", "loopback", comma-separated). Never `true`, which believes every X-Forwarded-For
 * entry, so any client could name its own address and escape the limit on sign-in attempts per network.
 */
export type TrustProxy = false | number | string[];

export function trustProxyFrom(value: string | undefined): TrustProxy {
  const text = value?.trim().toLowerCase() ?? "";
  if (text === "" || text === "false" || text === "0") return false;
  // "true" has always meant "behind our TLS-terminating proxy": that proxy, one hop, and no further.
  if (text === "true") return 1;
  if (/^\d+$/.test(text)) return Number(text);
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}
