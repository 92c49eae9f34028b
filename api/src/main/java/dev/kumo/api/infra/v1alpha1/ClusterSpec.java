package dev.kumo.api.infra.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.AdminState;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The desired state of a cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterSpec {
  /** Name of the Zone this cluster belongs to. */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  @ValidationRule(value = "self == oldSelf", message = "zoneRef is immutable")
  public String zoneRef;

  /** Free-form description shown to administrators. */
  @Size(max = 2048)
  public String description;

  /** Enabled clusters accept new VMs; Disabled clusters keep what runs but take nothing new. */
  @Default("Enabled")
  public AdminState state;

  /** The hypervisor every host of this cluster runs. */
  @Default("KVM")
  @ValidationRule(value = "self == oldSelf", message = "hypervisorType is immutable")
  public HypervisorType hypervisorType;

  /**
   * CPU architecture of the cluster's hosts; images of another architecture are not placed here.
   */
  @Default("x86_64")
  public CpuArchitecture architecture;

  /**
   * Names of the PrimaryStorage objects attached to this cluster. Every host of the cluster can
   * reach them, so VMs of the cluster can keep their volumes there.
   */
  @Size(max = 64)
  @ValidationRule(
      value = "self.all(x, self.exists_one(y, y == x))",
      message = "primaryStorageRefs must not repeat a name")
  public List<@Pattern(Patterns.NAME) String> primaryStorageRefs;

  /**
   * Names of the L2Network objects attached to this cluster. A VM is placed only in clusters
   * attached to the L2 networks of all its L3 networks.
   */
  @Size(max = 256)
  @ValidationRule(
      value = "self.all(x, self.exists_one(y, y == x))",
      message = "l2NetworkRefs must not repeat a name")
  public List<@Pattern(Patterns.NAME) String> l2NetworkRefs;

  /** Over-commit ratios for this cluster's hosts; unset fields use the cloud-wide defaults. */
  public Overcommit overcommit;
}
