/** Nix's `mergeOptionDecls` and `fixupOptionType`: several declarations of one option become one. */
import { ModuleError, nixValueKind, quoteOption, showFiles } from "../errors.ts";
import type { OptionDecl } from "../options.ts";
import { unspecified } from "../types/basic.ts";
import { isOptionType, type OptionType } from "../types/option-type.ts";
import { copyProperty } from "../util/lazy-fields.ts";
import type { Module } from "./module.ts";
import { setDefaultModuleLocation } from "./module-files.ts";

/** A declaration as found in one module. */
export interface DeclSource {
  file: string;
  options: OptionDecl;
}

/** The merged declaration of an option. */
export interface MergedDecl {
  loc: string[];
  /** The merged option record: `default` stays a lazy getter when it was one. */
  option: OptionDecl;
  type: OptionType;
  declarations: string[];
  /** Submodule modules collected from every declaration. */
  subModules: Module[];
}

const exclusiveFields = ["default", "example", "description", "apply"] as const;

/**
 * A declaration's type: as in Nix, a `type` that is no option type fails when the option is
 * used, not when it is declared.
 */
function declaredType(loc: string[], decl: DeclSource): OptionType | undefined {
  const type: unknown = decl.options.type;
  if (type === undefined || isOptionType(type)) return type;
  throw new ModuleError(
    `The type of option ${quoteOption(loc)} in \`${decl.file}' is ${nixValueKind(type)}, not an option type (types.str, …).`,
    { code: "type", loc },
  );
}

/** The common case: one declaration, used as it is. */
function singleDecl(loc: string[], decl: DeclSource): MergedDecl {
  const type = declaredType(loc, decl) ?? unspecified;
  const own = type.subModules;
  if (own === null) {
    return { loc, option: decl.options, type, declarations: [decl.file], subModules: [] };
  }
  const subModules = own.map((m) => setDefaultModuleLocation(decl.file, m));
  return {
    loc,
    option: decl.options,
    type: type.substSubModules(subModules),
    declarations: [decl.file],
    subModules,
  };
}

/** Merges declarations of `loc`: types must combine, and default/example/description/apply appear once. */
export function mergeOptionDecls(loc: string[], decls: readonly DeclSource[]): MergedDecl {
  if (decls.length === 1) return singleDecl(loc, decls[0]!);
  const option = { _type: "option" } as OptionDecl;
  let type: OptionType | undefined;
  const declarations: string[] = [];
  let subModules: Module[] = [];
  for (const decl of decls) {
    const opts = decl.options;
    declaredType(loc, decl);
    const already = () =>
      new ModuleError(
        `The option ${quoteOption(loc)} in \`${decl.file}' is already declared in ${showFiles(declarations)}.`,
        { code: "declared-twice", loc },
      );
    if (opts.type !== undefined && type !== undefined) {
      const merged = type.typeMerge(opts.type.functor);
      if (merged === null) throw already();
      type = merged;
    } else if (opts.type !== undefined) {
      type = opts.type;
    }
    for (const field of exclusiveFields) {
      if (field in opts && field in option) throw already();
    }
    for (const key of Object.keys(opts)) {
      if (key === "type" || key in option) continue;
      copyProperty(option, opts, key);
    }
    const own = opts.type?.subModules;
    if (own)
      subModules = [...own.map((m) => setDefaultModuleLocation(decl.file, m)), ...subModules];
    declarations.push(decl.file);
  }
  const resolved = type ?? unspecified;
  return {
    loc,
    option,
    declarations,
    subModules,
    // Nix's fixupOptionType: a submodule type gets the submodules of every declaration.
    type: resolved.subModules === null ? resolved : resolved.substSubModules(subModules),
  };
}
