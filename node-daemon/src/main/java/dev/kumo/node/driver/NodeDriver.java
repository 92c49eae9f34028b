package dev.kumo.node.driver;

import dev.kumo.api.infra.v1alpha1.HostFacts;

/**
 * Everything a node daemon does to its host goes through a driver: {@code SimulatorDriver} (in
 * memory) today, libvirt + Open vSwitch + dnsmasq + qemu-img next. Implementations are thread-safe;
 * failures are {@link DriverException}s.
 */
public interface NodeDriver extends AutoCloseable {
  /** Short name, e.g. "simulator" or "libvirt". */
  String name();

  /** Hardware and software facts about the host (kvmagent's /host/fact). */
  HostFacts facts();

  /** Domains. */
  ComputeDriver compute();

  /** Volume files on primary storage. */
  StorageDriver storage();

  /** Images on backup storage served by this host. */
  ImageStoreDriver imageStore();

  /** NIC attachments. */
  NetworkDriver network();

  /** Releases connections to the host's services; what runs on the host keeps running. */
  @Override
  default void close() {}
}
