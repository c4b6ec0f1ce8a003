/** A text field of a submitted form: "" when it is missing, and "" for a file sent where text was expected. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** Every text field of a form by name, files left out: what the person typed, to show the form again after an error. */
export function formTextValues(form: FormData): Record<string, string> {
  return Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
