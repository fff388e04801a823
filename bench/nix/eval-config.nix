# Stand-in for NixOS's lib/eval-config.nix, for the benchmark only: evaluates a container's
# nested configuration with the few options the seed module's nested configs use.
{ modules, prefix ? [ ] }:
let
  lib = import (builtins.getEnv "NIXPKGS_LIB");
  base = { config, ... }: {
    options = {
      boot.isContainer = lib.mkOption { type = lib.types.bool; default = false; };
      networking.hostName = lib.mkOption { type = lib.types.str; default = "nixos"; };
      security.initialRootPassword = lib.mkOption { type = lib.types.str; default = ""; };
      system.build.toplevel = lib.mkOption { type = lib.types.unspecified; };
    };
    config.system.build.toplevel = {
      type = "derivation";
      name = "nixos-system-${config.networking.hostName}";
      outPath = builtins.toFile "nixos-system-${config.networking.hostName}"
        (builtins.toJSON { inherit (config) boot networking security; });
    };
  };
in
lib.evalModules { inherit prefix; modules = [ base ] ++ modules; }
