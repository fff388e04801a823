/**
 * The seed's documented example as a config file for the command line: a
 * `webserver` container running a system profile built elsewhere, and a
 * `database` container whose system is a nested configuration (PostgreSQL).
 * The database uses `pkgs.postgresql92`, which the built-in package set does not
 * have: pkgs.json gives its store path.
 *
 *   nixmod eval examples/seed/host.ts --pkgs examples/seed/pkgs.json
 *   nixmod eval examples/seed/host.ts --pkgs examples/seed/pkgs.json --out result
 */
import { seedExample } from "./containers.ts";

export default seedExample;
