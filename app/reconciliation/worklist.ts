/** Where a holder's month stands on finance's worklist, in the order the worklist shows them: what needs work first. */
export type WorklistState = "in-progress" | "queries-open" | "matched" | "not-started" | "reconciled";
export const WORKLIST_ORDER: WorklistState[] = ["in-progress", "queries-open", "matched", "not-started", "reconciled"];
