package dev.kumo.node.driver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a domain is made of: the VM it belongs to (keyed by the VmInstance uid, which the libvirt
 * driver uses as the domain UUID and writes into the Kumo metadata of the domain XML), its size,
 * disks and NICs. The shape follows kvmagent's {@code StartVmCmd} (vmInstanceUuid, cpuNum, memory,
 * rootVolume/dataVolumes, nics) reduced to what Kumo's model carries today.
 *
 * @param uid the VmInstance's metadata.uid; the domain's identity on the host
 * @param namespace the VmInstance's namespace, kept with the domain so orphans can be traced back
 * @param name the VmInstance's name
 * @param cpu number of vCPUs
 * @param memoryBytes guest memory in bytes
 * @param disks disks in bus order, the root volume first
 * @param nics network interfaces in device order
 * @param hostname guest host name served by the metadata service
 * @param userData cloud-init user data, or null
 */
public record DomainSpec(
    String uid,
    String namespace,
    String name,
    int cpu,
    long memoryBytes,
    List<Disk> disks,
    List<Nic> nics,
    String hostname,
    String userData) {

  /** Validates the identity and copies the lists. */
  public DomainSpec {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(name, "name");
    if (cpu < 1) {
      throw new IllegalArgumentException("a domain needs at least one vCPU, got " + cpu);
    }
    if (memoryBytes <= 0) {
      throw new IllegalArgumentException("a domain needs memory, got " + memoryBytes + " bytes");
    }
    disks = List.copyOf(disks);
    nics = List.copyOf(nics);
  }

  /** This definition with other disks, kept in bus order. */
  public DomainSpec withDisks(List<Disk> value) {
    List<Disk> sorted = new ArrayList<>(value);
    sorted.sort(Comparator.comparingInt(Disk::deviceId));
    return new DomainSpec(uid, namespace, name, cpu, memoryBytes, sorted, nics, hostname, userData);
  }

  /** "namespace/name" of the VM, for messages. */
  public String vmKey() {
    return namespace + "/" + name;
  }

  /**
   * A disk of the domain.
   *
   * @param volume name of the Volume object
   * @param installPath path of the volume file on its primary storage
   * @param deviceId position on the disk bus (0 is the root volume)
   * @param device guest device name, e.g. vda
   */
  public record Disk(String volume, String installPath, int deviceId, String device) {}

  /**
   * A network interface: what OVS (port, VLAN tag), dnsmasq (static lease) and the domain XML
   * (interface element) need. kvmagent's {@code NicTO} carries the same fields.
   *
   * @param name interface name in the guest, e.g. eth0
   * @param mac MAC address
   * @param ip IPv4 address, or null
   * @param prefixLength prefix length of the subnet, or null
   * @param gateway the subnet's gateway, or null
   * @param l3Network name of the L3Network
   * @param deviceId position on the bus
   * @param isDefault whether the NIC carries the default route
   */
  public record Nic(
      String name,
      String mac,
      String ip,
      Integer prefixLength,
      String gateway,
      String l3Network,
      int deviceId,
      boolean isDefault) {}
}
