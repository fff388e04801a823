/** A unit file's settings read as systemd's `config_parse` reads them. */

/** systemd's WHITESPACE: what separates words and what `strstrip` removes. */
const blanks = " \t\n\r";

/** Whether `c` is systemd's white space (not JavaScript's wider set). */
export const isBlank = (c: string | undefined) => c !== undefined && blanks.includes(c);

/** Strips systemd's white space from both ends. */
function strip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text[start])) start++;
  while (end > start && isBlank(text[end - 1])) end--;
  return text.slice(start, end);
}

/**
 * The values of `key=` in section `[section]` of a unit file's text, as systemd's `config_parse`
 * reads them: comment lines skipped (inside a continued line too), a line whose backslashes end
 * unpaired continued on the next, keys and values stripped of systemd's white space.
 */
export function unitSettings(text: string, section: string, key: string): string[] {
  const values: string[] = [];
  let current = "";
  let continued: string | undefined;
  const parseLine = (line: string) => {
    let start = 0;
    while (start < line.length && isBlank(line[start])) start++;
    if (line[start] === "[") {
      const header = strip(line);
      if (header.endsWith("]")) current = header.slice(1, -1);
    } else if (current === section && line.startsWith(key, start)) {
      const eq = line.indexOf("=", start);
      if (eq !== -1 && strip(line.slice(start, eq)) === key) values.push(strip(line.slice(eq + 1)));
    }
  };
  for (let from = 0; from <= text.length;) {
    const start = from;
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    from = end + 1;
    let first = start;
    while (first < end && isBlank(text[first])) first++;
    const lead = first < end ? text[first] : undefined;
    if (lead === "#" || lead === ";") continue;
    // Continued when its last backslashes are unpaired (systemd pairs them from the start); a
    // continuation ends in a blank, so the run is the line's own.
    let run = 0;
    while (end - run > start && text[end - 1 - run] === "\\") run++;
    if (continued === undefined && run % 2 === 0) {
      // Most lines are neither a header nor the key: they need no more than this look.
      if (lead === "[" || lead === key[0]) parseLine(text.slice(start, end));
      continue;
    }
    const line = (continued ?? "") + text.slice(start, end);
    if (run % 2 === 1) {
      continued = `${line.slice(0, -1)} `;
      continue;
    }
    continued = undefined;
    parseLine(line);
  }
  if (continued !== undefined) parseLine(continued);
  return values;
}
