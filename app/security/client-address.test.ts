import { describe, expect, it } from "vitest";
import { clientAddressOf, networkOf } from "./client-address";

describe("networkOf", () => {
  it.each([
    ["192.0.2.10", "192.0.2.10"],
    ["::ffff:192.0.2.10", "192.0.2.10"],
    ["2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3:8d3::/64"],
    ["2001:0DB8:0000:0001:ffff::1", "2001:db8:0:1::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["2001:db8:0:0:9::", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["64:ff9b::192.0.2.10", "64:ff9b:0:0::/64"],
    ["2001:db8:7:8:0:0:192.0.2.10", "2001:db8:7:8::/64"],
    ["unknown", "unknown"],
  ])("counts %s as %s", (address, network) => {
    expect(networkOf(address)).toBe(network);
  });

  it("puts every address in one /64 together", () => {
    expect(networkOf("2001:db8:1:2:aaaa::1")).toBe(networkOf("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    expect(networkOf("2001:db8:1:2::1")).not.toBe(networkOf("2001:db8:1:3::1"));
  });
});

describe("clientAddressOf", () => {
  it("reads the address the portal's server set, and shares one limit when it is missing", () => {
    expect(clientAddressOf(new Request("http://localhost/", { headers: { "X-PHB-Client-Address": "192.0.2.10" } }))).toBe("192.0.2.10");
    expect(clientAddressOf(new Request("http://localhost/"))).toBe("unknown");
  });
});
