# Evaluates the seed module with real Nix and nixpkgs' lib for the benchmark's input.
# NIXPKGS_LIB names the lib folder; SEED names the seed module, copied by bench/run.ts into
# a tree where its relative imports (../../lib/eval-config.nix, ./container-login.nix) resolve
# to the stand-ins beside this file.
{ seed, input }:
let
  realLib = import (builtins.getEnv "NIXPKGS_LIB");
  # The seed predates today's lib: give it legacy `types.string` (definitions concatenate)
  # and `literalExample`, as the lib of its time had.
  lib = realLib // {
    types = realLib.types // { string = realLib.types.separatedString "" // { name = "string"; }; };
    literalExample = realLib.literalExpression;
  };
  drv = name: { type = "derivation"; inherit name; outPath = "/nix/store/${builtins.substring 0 32 (builtins.hashString "sha256" name)}-${name}"; };
  pkgs = {
    inherit lib;
    bash = drv "bash-4.2-p45";
    socat = drv "socat-1.7.2.2";
    iproute = drv "iproute-3.11.0";
    systemd = drv "systemd-208";
    stdenv.mkDerivation = args: drv args.name;
    writeScriptBin = name: text: { type = "derivation"; inherit name; outPath = builtins.toFile name text; };
  };
  stubs = { ... }: {
    options = {
      systemd.package = lib.mkOption { default = pkgs.systemd; };
      systemd.services = lib.mkOption {
        type = lib.types.attrsOf (lib.types.submodule {
          options = {
            description = lib.mkOption { type = lib.types.str; default = ""; };
            wantedBy = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; };
            unitConfig = lib.mkOption { type = lib.types.attrsOf lib.types.unspecified; default = { }; };
            path = lib.mkOption { type = lib.types.listOf lib.types.unspecified; default = [ ]; };
            preStart = lib.mkOption { type = lib.types.lines; default = ""; };
            preStop = lib.mkOption { type = lib.types.lines; default = ""; };
            reloadIfChanged = lib.mkOption { type = lib.types.bool; default = false; };
            serviceConfig = lib.mkOption { type = lib.types.attrsOf lib.types.unspecified; default = { }; };
          };
        });
        default = { };
      };
      networking.extraHosts = lib.mkOption { type = lib.types.lines; default = ""; };
      environment.systemPackages = lib.mkOption { type = lib.types.listOf lib.types.unspecified; default = [ ]; };
    };
  };
  result = lib.evalModules {
    modules = [ stubs (import seed) { _module.args.pkgs = pkgs; systemd.containers = builtins.fromJSON (builtins.readFile input); } ];
  };
  cfg = result.config;
in
{
  services = cfg.systemd.services;
  hosts = cfg.networking.extraHosts;
  packages = map (p: p.outPath) cfg.environment.systemPackages;
}
