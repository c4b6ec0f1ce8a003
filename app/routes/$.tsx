/** Any URL no other route claims: the NHS-styled "Page not found" from the root error boundary. */
export function loader() {
  throw new Response("Page not found", { status: 404 });
}

export function action() {
  throw new Response("Page not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
