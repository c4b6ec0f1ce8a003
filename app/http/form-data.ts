import { formShapeProblem } from "~/security/body-size";

/**
 * The submitted form, refused with a 400 before anything parses it when it is not the shape of any of ours (see
 * formShapeProblem): the body's size is bounded by the server, its count of fields and rows here.
 */
export async function readForm(request: Request): Promise<FormData> {
  const form = await request.formData();
  const problem = formShapeProblem(form.keys());
  if (problem) throw new Response(problem, { status: 400 });
  return form;
}

/** A text field of a submitted form: "" when it is missing, and "" for a file sent where text was expected. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** Every text field of a form by name, files left out: what the person typed, to show the form again after an error. */
export function formTextValues(form: FormData): Record<string, string> {
  return Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
