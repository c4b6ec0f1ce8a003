// Runs inside the page (passed to page.evaluate), so it may use nothing from outside itself.

/** WCAG 2.2 2.5.8 Target Size (Minimum), in CSS pixels. */
export const MIN_TARGET = 24;

export interface PhoneReport {
  scrollWidth: number;
  clientWidth: number;
  widest: string[];
  smallTargets: string[];
}

/** Runs in the page: what makes it scroll sideways and which targets are too small and too close to others. */
export function measureForPhone(minTarget: number): PhoneReport {
  const root = document.documentElement;
  const describe = (el: Element) => {
    const r = el.getBoundingClientRect();
    const id = el.id ? `#${el.id}` : "";
    const cls = typeof el.className === "string" && el.className.trim() ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
    const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `${el.tagName.toLowerCase()}${id}${cls} "${text}" (${Math.round(r.width)}x${Math.round(r.height)} at x=${Math.round(r.left)})`;
  };
  // Inside a box that scrolls or clips sideways (a table's scrolling region) an element cannot widen the page,
  // unless it is positioned against something outside that box, as a visually hidden span can be.
  const clippedSideways = (el: Element) => {
    let position = getComputedStyle(el).position;
    for (let a = el.parentElement; a && a !== root && a !== document.body; a = a.parentElement) {
      if (position === "fixed") return false;
      const style = getComputedStyle(a);
      if (position === "absolute" && style.position === "static") continue;
      if (style.overflowX !== "visible") return true;
      position = style.position;
    }
    return false;
  };
  const widest = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5 && !clippedSideways(el))
    .sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width)
    .slice(0, 5)
    .map(describe);

  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]";
  const targets = [...document.querySelectorAll(selector)].filter((el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // Visually hidden (the skip link until focused) is not a target a finger can see.
    return r.width > 1 && r.height > 1 && style.visibility !== "hidden" && style.display !== "none" && !el.closest(".nhsuk-u-visually-hidden");
  });
  const rects = targets.map((el) => el.getBoundingClientRect());
  const undersized = rects.map((r) => r.width < minTarget - 0.5 || r.height < minTarget - 0.5);
  // The inline exception: a link in a sentence is as tall as the line of text around it allows. A link beside
  // only other targets (a button, another link) is not in a sentence.
  const inSentence = (el: Element) => {
    if (getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
    if (!block) return false;
    const targetText = [...block.querySelectorAll(selector)].reduce((n, t) => n + (t.textContent ?? "").replace(/\s+/g, "").length, 0);
    return (block.textContent ?? "").replace(/\s+/g, "").length > targetText;
  };
  const centre = (r: DOMRect) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
  const distanceToRect = (p: { x: number; y: number }, r: DOMRect) =>
    Math.hypot(Math.max(r.left - p.x, 0, p.x - r.right), Math.max(r.top - p.y, 0, p.y - r.bottom));
  // The spacing exception: a 24 px circle on the small target's centre touches no other target nor the circle of
  // another small target.
  const spaced = (i: number) => {
    const c = centre(rects[i]);
    return rects.every((r, j) => {
      if (j === i || targets[j].contains(targets[i]) || targets[i].contains(targets[j])) return true;
      if (undersized[j]) {
        const o = centre(r);
        return Math.hypot(o.x - c.x, o.y - c.y) >= minTarget - 0.5;
      }
      return distanceToRect(c, r) >= minTarget / 2 - 0.5;
    });
  };
  const smallTargets = targets.filter((el, i) => undersized[i] && !inSentence(el) && !spaced(i)).map(describe);
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest, smallTargets };
}
