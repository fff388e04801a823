/** `security.initialRootPassword`: root's password on a fresh system (NixOS of 2013). */

import type { Module } from "../../lib/modules/module.ts";
import { mkOption } from "../../lib/options.ts";
import { types } from "../../lib/types/index.ts";

/** The `security.initialRootPassword` option module (containers default it to "!"). */
export const initialRootPasswordModule: Module = {
  _file: "modules/security/initial-root-password.ts",
  key: "modules/security/initial-root-password.ts",
  options: {
    security: {
      initialRootPassword: mkOption({
        type: types.str,
        default: "",
        example: "!",
        description:
          "The hashed password root gets when the system is first installed. The empty " +
          "string lets root log in locally without a password (but not remotely, nor through " +
          'su or sudo); "!" disables password logins for root.',
      }),
    },
  },
};
