package dev.kumo.api.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/** The desired state of a volume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.size) ? 1 : 0) + (has(self.diskOfferingRef) ? 1 : 0) + (has(self.imageRef) ? 1 : 0) == 1",
    message = "exactly one of size, diskOfferingRef or imageRef must be set")
@ValidationRule(
    value = "self.type != 'Root' || has(self.imageRef)",
    message = "a Root volume is made from an image: set imageRef")
public class VolumeSpec {
  /** Root (a VM's boot disk, normally created by Kumo for the VM) or Data. */
  @Default("Data")
  @ValidationRule(value = "self == oldSelf", message = "type is immutable")
  public VolumeType type;

  /** Size of an empty data volume, e.g. 10Gi. It may grow, never shrink. */
  @Pattern(Patterns.QUANTITY)
  public Quantity size;

  /** Name of the DiskOffering whose size and QoS the volume takes. */
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  @ValidationRule(value = "self == oldSelf", message = "diskOfferingRef is immutable")
  public String diskOfferingRef;

  /** Name of the Image the volume is cloned from (a root-volume or data-volume template). */
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  @ValidationRule(value = "self == oldSelf", message = "imageRef is immutable")
  public String imageRef;

  /** Name of the PrimaryStorage to create the volume on; chosen by Kumo when unset. */
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  @ValidationRule(value = "self == oldSelf", message = "primaryStorageRef is immutable")
  public String primaryStorageRef;

  /** Whether the volume may be attached to several VMs at once (needs shared storage). */
  @Default("false")
  public Boolean shareable;

  /** I/O limits for this volume; overrides the disk offering's. */
  public VolumeQos qos;

  /** Free-form description shown to users. */
  @Size(max = 2048)
  public String description;
}
