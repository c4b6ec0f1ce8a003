import { Link } from "@remix-run/react";
import { longDate } from "~/dates/long-date";

/** The letters the holder has been sent about money going back to the NHS, newest first, on their home page. */
export function RecoveryLetters({ letters, your }: { letters: { id: string; sentOn: string; title: string }[]; your: string }) {
  if (letters.length === 0) return null;
  return (
    <>
      <h2>Letters about {your} money</h2>
      <ul className="nhsuk-list">
        {letters.map((l) => (
          <li key={l.id}>
            <Link to={`/letters/${l.id}`}>
              {longDate(l.sentOn)}: {l.title}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
