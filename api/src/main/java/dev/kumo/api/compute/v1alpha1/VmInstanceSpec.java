package dev.kumo.api.compute.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import dev.kumo.api.common.SecretKeyRef;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/** The desired state of a VM. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.instanceOfferingRef) != (has(self.cpu) || has(self.memory))",
    message = "set either instanceOfferingRef or cpu and memory, not both")
@ValidationRule(
    value = "has(self.instanceOfferingRef) || (has(self.cpu) && has(self.memory))",
    message = "without instanceOfferingRef, both cpu and memory are required")
@ValidationRule(
    value = "!has(self.userData) || !has(self.userDataSecretRef)",
    message = "set userData or userDataSecretRef, not both")
public class VmInstanceSpec {
  /** Free-form description shown to users. */
  @Size(max = 2048)
  public String description;

  /** Name of the InstanceOffering that gives the VM its size; or set cpu and memory. */
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String instanceOfferingRef;

  /** Number of vCPUs, when no instance offering is used. */
  @Min(1)
  @Max(1024)
  public Integer cpu;

  /** Memory, e.g. 2Gi, when no instance offering is used. */
  @Pattern(Patterns.QUANTITY)
  public Quantity memory;

  /** Name of the Image the root volume is made from (or the ISO the VM boots). */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  @ValidationRule(value = "self == oldSelf", message = "imageRef is immutable")
  public String imageRef;

  /**
   * The VM's network interfaces, in order. A VM without NICs is allowed (ZStack places it with the
   * designated-host strategy).
   */
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(a, self.exists_one(b, b.l3NetworkRef == a.l3NetworkRef))",
      message = "a VM has at most one NIC per L3 network")
  @ValidationRule(
      value = "self.filter(n, has(n.default) && n.default).size() <= 1",
      message = "at most one NIC can be the default")
  @ValidationRule(
      value = "self.all(a, !has(a.name) || self.exists_one(b, has(b.name) && b.name == a.name))",
      message = "NIC names must be unique")
  public List<NicSpec> nics;

  /**
   * Name of the DiskOffering for the root volume. Needed when the image is an ISO; otherwise the
   * root volume takes the image's size.
   */
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String rootDiskOfferingRef;

  /** Names of DiskOfferings; a data volume owned by the VM is created from each. */
  @Size(max = 24)
  public List<@Pattern(Patterns.NAME) String> dataDiskOfferingRefs;

  /** Names of existing data Volumes (in the VM's namespace) to attach. */
  @Size(max = 24)
  @ValidationRule(
      value = "self.all(x, self.exists_one(y, y == x))",
      message = "volumeRefs must not repeat a name")
  public List<@Pattern(Patterns.NAME) String> volumeRefs;

  /** Name of the PrimaryStorage for the root volume; chosen by the scheduler when unset. */
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String primaryStorageRef;

  /** Designated zone, cluster or host. */
  public Placement placement;

  /** Name of the AffinityGroup (in the VM's namespace) the VM belongs to. */
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  public String affinityGroupRef;

  /** What Kumo does when the VM stops without being asked to. */
  @Default("None")
  public HaLevel haLevel;

  /** What creating the VM does; fixed at creation. */
  @Default("InstantStart")
  @ValidationRule(value = "self == oldSelf", message = "creationStrategy is immutable")
  public CreationStrategy creationStrategy;

  /** The power state the VM should be in. Change it to start, stop, pause or resume the VM. */
  @Default("Running")
  public PowerState state;

  /** Devices to boot from, in order. */
  @Size(min = 1, max = 3)
  @ValidationRule(
      value = "self.all(x, self.exists_one(y, y == x))",
      message = "bootOrder must not repeat a device")
  public List<BootDevice> bootOrder;

  /** Guest host name; the VM's name when unset. */
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  public String hostname;

  /** SSH public keys cloud-init installs for the default user. */
  @Size(max = 32)
  public List<
          @Pattern(
              "^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com) [A-Za-z0-9+/=]+( .*)?$")
          String>
      sshKeys;

  /** cloud-init user data served by the metadata service (#cloud-config or a script). */
  @Size(max = 65536)
  public String userData;

  /** A Secret key holding the user data, for user data that carries secrets. */
  public SecretKeyRef userDataSecretRef;

  /** A Secret key holding the VNC console password. Without it the console has no password. */
  public SecretKeyRef consolePasswordSecretRef;
}
