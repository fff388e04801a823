/** `deferredModule`: a module kept as a value, to be imported into another evaluation. */
import { namedArgument } from "./argument-checks.ts";
import { showOption, wrongArgument } from "../errors.ts";
import { setDefaultModuleLocation } from "../modules/module-files.ts";
import type { Module } from "../modules/module.ts";
import { isAttrSet } from "../util/attrs.ts";
import { noteEffect } from "../util/evaluation-effects.ts";
import { checkNamedArguments } from "../util/named-arguments.ts";
import { mkOptionType, type OptionType } from "./option-type.ts";
import { submoduleWith } from "./submodule.ts";

/** A module value; definitions merge into one module importing them all. */
export function deferredModuleWith(
  opts: { staticModules?: readonly Module[] } = {},
): OptionType<Module> {
  if (typeof opts !== "object" || opts === null) {
    throw wrongArgument("the argument of types.deferredModuleWith", opts, "a set");
  }
  checkNamedArguments("deferredModuleWith", opts, ["staticModules"]);
  const staticModules = namedArgument(opts, "staticModules", []) as readonly Module[];
  if (!Array.isArray(staticModules)) {
    throw wrongArgument("the `staticModules' of types.deferredModuleWith", staticModules, "a list");
  }
  return mkOptionType<Module>({
    name: "deferredModule",
    description: "module",
    descriptionClass: "noun",
    check: (x) => isAttrSet(x) || typeof x === "function",
    merge: (loc, defs) => {
      // The value holds the option's path (in its modules' file names).
      noteEffect();
      return {
        imports: [
          ...staticModules,
          ...defs.map((d) =>
            setDefaultModuleLocation(`${d.file}, via option ${showOption(loc)}`, d.value as Module),
          ),
        ],
      };
    },
    // As Nix's: the options of the static modules, for documentation.
    getSubOptions: (prefix) => submoduleWith({ modules: staticModules }).getSubOptions(prefix),
    subModules: staticModules,
    substSubModules: (m) => deferredModuleWith({ staticModules: m }),
    functor: {
      name: "deferredModuleWith",
      type: (p: { staticModules: Module[] }) => deferredModuleWith(p),
      payload: { staticModules },
      binOp: (a, b) => ({ staticModules: [...a.staticModules, ...b.staticModules] }),
    },
    // A module's own options are unknown here: any object (or, in TypeScript, any module).
    toJsonSchema: () => ({
      type: "object",
      "x-nixmod-unrepresentable": "deferredModule",
      tsType: "Module",
    }),
  });
}

/** A module value (Nix's `types.deferredModule`). */
export const deferredModule = deferredModuleWith();
