/**
 * Nix's `builtins.functionArgs` for a JavaScript function: the names its destructured first
 * parameter takes (`({ config, pkgs = p }) => …`), each with whether it has a default. Read from
 * the function's source text; anything this reading is not sure of gives undefined, as a
 * function without a set pattern does.
 */

/** Skips a string or template literal starting at `i`; returns the index after it. */
function skipString(text: string, i: number): number {
  const quote = text[i]!;
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === quote) return j + 1;
  }
  return text.length;
}

/** The top-level items of the pattern `text[start]` = `{` opens, or undefined if it does not close. */
function patternItems(text: string, start: number): { items: string[]; end: number } | undefined {
  const items: string[] = [];
  let depth = 0;
  let from = start + 1;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'" || ch === "`") {
      i = skipString(text, i) - 1;
    } else if (ch === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      // A comment in the pattern: not worth reading around.
      return undefined;
    } else if (ch === "{" || ch === "[" || ch === "(") {
      depth++;
    } else if (ch === "}" || ch === "]" || ch === ")") {
      depth--;
      if (depth === 0) {
        items.push(text.slice(from, i));
        return { items, end: i + 1 };
      }
    } else if (ch === "," && depth === 1) {
      items.push(text.slice(from, i));
      from = i + 1;
    }
  }
  return undefined;
}

const identifier = /^[A-Za-z_$][\w$]*/;

/** `fn`'s source text and where its parameter list opens (-1 without parentheses), if it has a text. */
function parameterList(
  fn: (...args: never[]) => unknown,
): { text: string; open: number } | undefined {
  try {
    const text = Function.prototype.toString.call(fn);
    return { text, open: text.indexOf("(") };
  } catch {
    return undefined;
  }
}

/** Set patterns given to functions that have none in their source (a merged `functionTo` value). */
const givenArgs = new WeakMap<object, () => Map<string, boolean> | undefined>();

/** Gives `fn` the set pattern `args` computes, as Nix's `__functionArgs` does a functor. */
export function setFunctionArgs<F extends (...args: never[]) => unknown>(
  fn: F,
  args: () => Map<string, boolean> | undefined,
): F {
  givenArgs.set(fn, args);
  return fn;
}

/** The names of `fn`'s set pattern and whether each has a default; undefined without one. */
export function functionArgs(fn: (...args: never[]) => unknown): Map<string, boolean> | undefined {
  const given = givenArgs.get(fn);
  if (given !== undefined) return given();
  const source = parameterList(fn);
  if (source === undefined) return undefined;
  const { text, open } = source;
  const arrow = text.indexOf("=>");
  // `x => …` has no parentheses before its arrow: no pattern.
  if (open < 0 || (arrow >= 0 && arrow < open)) return undefined;
  let i = open + 1;
  while (/\s/.test(text[i] ?? "")) i++;
  if (text[i] !== "{") return undefined;
  const pattern = patternItems(text, i);
  if (pattern === undefined) return undefined;
  const args = new Map<string, boolean>();
  for (const raw of pattern.items) {
    const item = raw.trim();
    if (item === "" || item.startsWith("...")) continue;
    const name = identifier.exec(item)?.[0];
    if (name === undefined) return undefined;
    const rest = item.slice(name.length).trim();
    // `a`, `a = d`, `a: b`, `a: b = d`.
    if (rest !== "" && !rest.startsWith("=") && !rest.startsWith(":")) return undefined;
    const target = rest.startsWith(":") ? rest.slice(1).trim() : rest;
    // A nested pattern (`a: { b }`): where its own default ends is not worth reading.
    if (!/^[\w$]*\s*(=|$)/.test(target)) return undefined;
    args.set(name, target.includes("="));
  }
  return args;
}

/**
 * Whether `fn` is declared without parameters (`() => …`): its `length` is 0 and its source
 * lists none. A default value or a rest parameter (`(v = []) => …`, `(...a) => …`) makes
 * `length` 0 too, but such a function does take the argument.
 */
export function takesNoParameter(fn: (...args: never[]) => unknown): boolean {
  if (fn.length !== 0) return false;
  const source = parameterList(fn);
  if (source === undefined || source.open < 0) return true;
  const rest = source.text
    .slice(source.open + 1)
    .replace(/^(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*/, "");
  return rest.startsWith(")");
}
