/** The benchmark's input: N seed containers, half private-network with both addresses, half with a nested config. */

/** One container definition of the mix. */
export type ContainerInput =
  | { privateNetwork: true; hostAddress: string; localAddress: string; path: string }
  | { config: { networking: { hostName: string } } };

/** The name of container `i` (fixed width, so byte order is numeric order). */
export function containerName(i: number): string {
  return `c${String(i).padStart(6, "0")}`;
}

/** `systemd.containers` for `n` containers of the mix. */
export function containersInput(n: number): Record<string, ContainerInput> {
  const out: Record<string, ContainerInput> = {};
  for (let i = 0; i < n; i++) {
    const name = containerName(i);
    if (i % 2 === 0) {
      const a = (i >> 16) & 255;
      const b = (i >> 8) & 255;
      const c = i & 254;
      out[name] = {
        privateNetwork: true,
        hostAddress: `10.${a}.${b}.${c}`,
        localAddress: `10.${a}.${b}.${c + 1}`,
        path: `/nix/store/${"0".repeat(32)}-system-${name}`,
      };
    } else {
      out[name] = { config: { networking: { hostName: `host-${name}` } } };
    }
  }
  return out;
}
