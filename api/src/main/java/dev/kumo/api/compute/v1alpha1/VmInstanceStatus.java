package dev.kumo.api.compute.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.KumoStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/** What Kumo observes about a VM. */
public class VmInstanceStatus extends KumoStatus {
  /** Printable state; clients should wait on conditions instead. */
  public VmState state;

  /** The host the VM is placed on. */
  public String hostRef;

  /** The host the VM last ran on (kept while it is stopped, for LastHostPreferred placement). */
  public String lastHostRef;

  /** The cluster of the VM's host. */
  public String clusterRef;

  /** The zone of the VM's host. */
  public String zoneRef;

  /** The primary storage holding the VM's root volume (chosen with the host). */
  public String primaryStorageRef;

  /** vCPUs the VM has (from the spec or its offering). */
  public Integer cpu;

  /** Memory the VM has (from the spec or its offering). */
  public Quantity memory;

  /** IPv4 address of the default NIC. */
  public String ip;

  /** The NICs with their allocated addresses. */
  public List<NicStatus> nics;

  /** The VM's volumes, root first. */
  public List<VolumeAttachment> volumes;

  /** What the node daemon of the VM's host observes (written only by that node daemon). */
  public VmRuntime runtime;

  /** Where to reach the VM's graphical console (written by the node daemon). */
  public Console console;

  /** An allocated network interface. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NicStatus {
    /** Interface name. */
    public String name;

    /** The L3 network. */
    public String l3NetworkRef;

    /** Allocated IPv4 address. */
    public String ip;

    /** Prefix length of the address's subnet. */
    public Integer prefixLength;

    /** Gateway of the subnet. */
    public String gateway;

    /** MAC address. */
    public String mac;

    /** Name of the IpAddress object holding the allocation. */
    public String ipAddressRef;

    /** Position of the NIC on the VM's bus. */
    public Integer deviceId;

    /** Whether this NIC carries the default route. */
    public Boolean isDefault;
  }

  /** A volume attached to the VM. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VolumeAttachment {
    /** Name of the Volume object. */
    public String volumeRef;

    /** Root or Data. */
    public String type;

    /** Position on the disk bus (0 is the root volume). */
    public Integer deviceId;

    /** Guest device name, e.g. vda. */
    public String device;

    /** Size of the volume. */
    public Quantity size;
  }

  /** A console endpoint. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Console {
    /** VNC or SPICE. */
    public String protocol;

    /** Address the console listens on. */
    public String host;

    /** TCP port. */
    public Integer port;
  }
}
