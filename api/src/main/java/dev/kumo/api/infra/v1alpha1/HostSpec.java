package dev.kumo.api.infra.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.MaintainableState;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/** The desired state of a host. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HostSpec {
  /** Name of the Cluster the host belongs to. */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  @ValidationRule(value = "self == oldSelf", message = "clusterRef is immutable")
  public String clusterRef;

  /**
   * IPv4 address on which the host is managed and reached by its peers (VXLAN tunnels, migration).
   */
  @Required
  @Pattern(Patterns.IPV4)
  public String managementIp;

  /** Free-form description shown to administrators. */
  @Size(max = 2048)
  public String description;

  /**
   * Administrative state. Enabled hosts take new VMs; Disabled hosts keep theirs; Maintenance
   * empties the host (migrating VMs where storage allows, otherwise stopping them, per {@code
   * maintenancePolicy}).
   */
  @Default("Enabled")
  public MaintainableState state;

  /** What entering maintenance does with the host's VMs. */
  @Default("StopVmOnMigrationFailure")
  public MaintenancePolicy maintenancePolicy;

  /** vCPUs kept back for the host itself and not offered to VMs. */
  @Min(0)
  public Integer reservedCpu;

  /** Memory kept back for the host itself and not offered to VMs (ZStack's default is 1Gi). */
  @Pattern(Patterns.QUANTITY)
  public Quantity reservedMemory;
}
