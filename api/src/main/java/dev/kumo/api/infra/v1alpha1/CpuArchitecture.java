package dev.kumo.api.infra.v1alpha1;

/** CPU architecture of hosts and images. */
public enum CpuArchitecture {
  x86_64,
  aarch64
}
