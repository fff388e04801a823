# The seed imports ./container-login.nix into every nested configuration; the benchmark needs nothing from it.
{ }
