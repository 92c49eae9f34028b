package dev.kumo.api.compute.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The desired state of an affinity group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AffinityGroupSpec {
  /** Keep the group's VMs together (Affinity) or apart (AntiAffinity). */
  @Required
  @ValidationRule(value = "self == oldSelf", message = "policy is immutable")
  public AffinityPolicy policy;

  /** Hard refuses a placement that breaks the policy; Soft only prefers placements that keep it. */
  @Default("Soft")
  public AllocatorMode mode;

  /** Free-form description shown to users. */
  @Size(max = 2048)
  public String description;
}
