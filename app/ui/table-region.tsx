import { useId, type ReactNode } from "react";

/**
 * An NHS.UK table that scrolls sideways inside its own region when it is wider than the screen, so the page itself
 * never does (WCAG 1.4.10). The region can take focus so a keyboard can scroll it, and is named by the caption.
 * The caption is hidden only where the heading above already says what the table holds.
 */
export function ScrollableTable({
  caption,
  hideCaption = false,
  id,
  children,
}: {
  caption: ReactNode;
  hideCaption?: boolean;
  id?: string;
  children: ReactNode;
}) {
  const captionId = useId();
  return (
    // tabIndex: a keyboard user must be able to reach a region that scrolls.
    <div className="app-table-region" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="nhsuk-table" id={id}>
        <caption id={captionId} className={hideCaption ? "nhsuk-table__caption nhsuk-u-visually-hidden" : "nhsuk-table__caption"}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}
