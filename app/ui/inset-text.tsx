import type { ReactNode } from "react";

/** The NHS.UK inset text, for information the person should notice but need not act on. */
export function InsetText({ children }: { children: ReactNode }) {
  return (
    <div className="nhsuk-inset-text">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      {children}
    </div>
  );
}
