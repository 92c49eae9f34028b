package dev.kumo.api.compute.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.AdminState;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/** The desired state of an instance offering. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(self.allocatorStrategy == 'MaxInstancePerHost') == has(self.maxInstancePerHost)",
    message = "maxInstancePerHost is set exactly when allocatorStrategy is MaxInstancePerHost")
public class InstanceOfferingSpec {
  /** Number of vCPUs. */
  @Required
  @Min(1)
  @Max(1024)
  public Integer cpu;

  /** Memory, e.g. 2Gi; at least 64Mi. */
  @Required
  @Pattern(Patterns.QUANTITY)
  public Quantity memory;

  /** How the scheduler chooses among the hosts that fit. */
  @Default("LeastVmPreferred")
  public AllocatorStrategy allocatorStrategy;

  /**
   * For MinimumCPUUsage and MinimumMemoryUsage: Hard fails placement when utilisation data is
   * missing, Soft (the default) falls back to the other rules.
   */
  @Default("Soft")
  public AllocatorMode allocatorMode;

  /** For MaxInstancePerHost: the most VMs a host may run. */
  @Min(1)
  public Integer maxInstancePerHost;

  /** Network and disk limits applied to VMs of this offering. */
  public VmQos qos;

  /** Free-form description shown to users. */
  @Size(max = 2048)
  public String description;

  /** Enabled offerings can be used for new VMs. */
  @Default("Enabled")
  public AdminState state;
}
