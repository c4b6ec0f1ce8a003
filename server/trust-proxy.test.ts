import express from "express";
import { describe, expect, it } from "vitest";
import { trustProxyFrom } from "./trust-proxy";

describe("trustProxyFrom", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["false", false],
    ["0", false],
    ["true", 1],
    ["TRUE", 1],
    ["2", 2],
    ["10.0.0.5", ["10.0.0.5"]],
    ["loopback, 10.0.0.0/8", ["loopback", "10.0.0.0/8"]],
  ])("reads %j as %j", (value, setting) => {
    expect(trustProxyFrom(value)).toEqual(setting);
  });

  it("never trusts every hop, which would let a client name its own address", () => {
    for (const value of [undefined, "", "true", "yes", "1", "*", "all"]) expect(trustProxyFrom(value)).not.toBe(true);
  });

  it("gives express a setting it accepts, and refuses an address that is not one at start-up", () => {
    expect(() => express().set("trust proxy", trustProxyFrom("loopback, 10.0.0.0/8"))).not.toThrow();
    expect(() => express().set("trust proxy", trustProxyFrom("proxy.example"))).toThrow();
  });
});
