package dev.kumo.api.infra.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Quantity;

/** Facts about a host, as its node daemon found them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HostFacts {
  /** CPU model name, e.g. "Intel(R) Xeon(R) Gold 6248". */
  public String cpuModel;

  /** Number of CPU sockets. */
  public Integer cpuSockets;

  /** Number of CPU threads. */
  public Integer cpuThreads;

  /** CPU architecture. */
  public CpuArchitecture architecture;

  /** Physical memory. */
  public Quantity memory;

  /** Whether hardware virtualisation (KVM) can boot guests; without it QEMU runs in TCG mode. */
  public Boolean kvmAvailable;

  /** libvirt version, e.g. 9.0.0. */
  public String libvirtVersion;

  /** QEMU version, e.g. 7.2.0. */
  public String qemuVersion;

  /** Operating system of the host, e.g. "Debian GNU/Linux 12 (bookworm)". */
  public String os;

  /** Kernel release. */
  public String kernel;

  /** Version of the Kumo node daemon. */
  public String agentVersion;
}
