export * from "./people";
export * from "./budgets";
export * from "./sessions";
export * from "./audit";
export * from "./arrangements";
export * from "./ledger";
export * from "./plans";
export * from "./spending";
