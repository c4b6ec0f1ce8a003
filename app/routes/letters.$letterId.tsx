import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireLetterReader } from "~/access/access.server";
import { requireId } from "~/http/ids";
import { loadLetter } from "~/recovery/recovery-views.server";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = () => pageTitle("Letter about your direct payment");

/** A letter the holder was sent, to read on the page: the same words as the PDF kept on file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal, holderId } = await requireLetterReader(request);
  const letter = await loadLetter(getDb(), { holderId, letterId: requireId(params.letterId) });
  if (!letter) throw notFound();
  // Staff name the holder in the address; the holder and those acting for them do not need to.
  return {
    letter,
    query: principal.kind === "staff" ? `?holder=${holderId}` : "",
    home: principal.kind === "staff" ? `/staff/holders/${holderId}/recovery` : "/",
  };
}

export default function Letter() {
  const { letter, query, home } = useLoaderData<typeof loader>();
  const { content } = letter;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <p>
          <Link to={home}>Back</Link>
        </p>
        <span className="nhsuk-caption-l">Letter of {content.date}</span>
        <h1>{content.title}</h1>
        <p>
          <a href={`/letters/${letter.id}/pdf${query}`} download>
            Download the letter (PDF)
          </a>
        </p>
        <p>{content.greeting}</p>
        <p className="nhsuk-lede-text">{content.summary}</p>
        {content.sections.map((section) => (
          <section key={section.heading}>
            <h2>{section.heading}</h2>
            {section.paragraphs.map((p) => (
              <p key={p}>{p}</p>
            ))}
          </section>
        ))}
        <p>
          {content.signOff.map((line, i) => (
            <span key={line}>
              {i > 0 ? <br /> : null}
              {line}
            </span>
          ))}
        </p>
      </div>
    </div>
  );
}
