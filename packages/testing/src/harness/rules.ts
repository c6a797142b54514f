// The rules an emulator enforces, declared as data next to its code, each traced to the platform
// documentation it comes from; the testing README's rules table is generated from them.

/** One rule an emulator enforces (or behaviour it has), traced to its source. */
export interface EmulatorRule {
  /** A stable id, `<platform>.<area>.<name>`, e.g. `tiktok.upload.content-length`. */
  readonly id: string;
  /** What the platform requires or does, in one sentence. */
  readonly rule: string;
  /** The public documentation (or, where that is silent, the issue thread) it comes from. */
  readonly source: string;
  /** What the emulator answers when a request breaks the rule, or what it does. */
  readonly answer: string;
  /**
   * The documentation is silent on (part of) the answer: it is the emulator's choice, named in
   * `answer` and in a code comment marked UNCONFIRMED.
   */
  readonly choice?: true;
  /** The emulator option that changes (or switches off) the choice or the behaviour. */
  readonly option?: string;
}

/** The rules of one emulator, as one section of the table. */
export interface EmulatorRuleSection {
  /** The heading, e.g. `"TikTok"`. */
  readonly platform: string;
  /** The emulator's rules, in the order the table lists them. */
  readonly rules: readonly EmulatorRule[];
}

/** What is wrong with a list of rules (duplicate ids, a source that is not an https URL, …); empty when nothing is. */
export function emulatorRuleProblems(rules: readonly EmulatorRule[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!/^[a-z0-9]+(?:\.[a-z0-9-]+)+$/.test(rule.id))
      problems.push(`${rule.id}: the id is not <platform>.<area>.<name>`);
    if (seen.has(rule.id)) problems.push(`${rule.id}: declared twice`);
    seen.add(rule.id);
    for (const url of rule.source.split(" ")) {
      if (!/^https:\/\/\S+$/.test(url)) problems.push(`${rule.id}: the source ${url} is not an https URL`);
    }
    if (rule.rule.trim() === "" || rule.answer.trim() === "")
      problems.push(`${rule.id}: rule and answer must be said`);
  }
  return problems;
}

/**
 * The Markdown of the rules table: a section per emulator, a row per rule with its id, the rule,
 * its source, what the emulator answers, and whether that answer is a choice (with its option).
 */
export function emulatorRulesTable(sections: readonly EmulatorRuleSection[]): string {
  const lines: string[] = [];
  for (const section of sections) {
    lines.push(`### ${section.platform}`, "");
    lines.push("| Rule | Source | The emulator answers | Choice (option) |");
    lines.push("| --- | --- | --- | --- |");
    for (const rule of section.rules) {
      const sources = rule.source
        .split(" ")
        .map((url) => `[${label(url)}](${url})`)
        .join(", ");
      const choice = rule.choice
        ? `choice${rule.option ? ` (\`${rule.option}\`)` : ""}`
        : rule.option
          ? `(\`${rule.option}\`)`
          : "";
      lines.push(`| \`${rule.id}\`: ${cell(rule.rule)} | ${sources} | ${cell(rule.answer)} | ${choice} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** A short name for a source URL: its last path segment (and fragment), or the host. */
function label(url: string): string {
  const parsed = new URL(url);
  const segment = parsed.pathname.split("/").filter(Boolean).pop();
  const name = parsed.host === "github.com" ? parsed.pathname.slice(1) : (segment ?? parsed.host);
  return `${name}${parsed.hash}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
