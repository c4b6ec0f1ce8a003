/**
 * The words a holder-side page uses for the holder: "you" to the holder, the holder's name to anyone acting for them
 * (a representative, a support organisation), so "What you want to achieve" reads "What Leo wants to achieve".
 */
export interface Voice {
  /** True when the reader is not the holder. */
  thirdPerson: boolean;
  /** "you" or "Leo". */
  you: string;
  /** "your" or "Leo's". */
  your: string;
  /** "Your" or "Leo Carter's", for headings. */
  Whose: string;
  /** The holder's full name. */
  fullName: string;
}

/** A name with the possessive "'s", as the NHS.UK content style writes it even after an s ("James's"). */
export function possessive(name: string): string {
  return `${name.trim()}'s`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function voiceFor(holder: { givenName: string; familyName: string }, thirdPerson: boolean): Voice {
  const fullName = `${holder.givenName} ${holder.familyName}`;
  return thirdPerson
    ? { thirdPerson, you: holder.givenName, your: possessive(holder.givenName), Whose: possessive(fullName), fullName }
    : { thirdPerson, you: "you", your: "your", Whose: "Your", fullName };
}

const THIRD_PERSON: Record<string, string> = { are: "is", have: "has", do: "does", go: "goes", were: "was" };

/** The subject and its verb: ("want") gives "you want" or "Leo wants". */
export function subject(voice: Voice, verb: string): string {
  if (!voice.thirdPerson) return `you ${verb}`;
  return `${voice.you} ${THIRD_PERSON[verb] ?? `${verb}s`}`;
}

/**
 * Who agreed to a plan, as the reader sees it. Someone acting for the holder is named with the holder ("Sam Carter
 * agreed for Leo Carter"), so neither the holder nor anyone else reads it as the holder's own agreement.
 */
export function agreedWords(agreement: { byName: string; byHolder: boolean }, voice: Voice): string {
  if (agreement.byHolder) return voice.thirdPerson ? `${voice.fullName} agreed to this plan` : "You agreed to this plan";
  return `${agreement.byName} agreed for ${voice.thirdPerson ? voice.fullName : "you"}`;
}
