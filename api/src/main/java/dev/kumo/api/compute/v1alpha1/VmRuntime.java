package dev.kumo.api.compute.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;

/**
 * What the node daemon of the VM's host observes on its hypervisor. Written only by that node
 * daemon; the controller manager derives the VM's state and Ready condition from it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VmRuntime {
  /** The host that made this observation. */
  public String hostRef;

  /** The domain's state on that host. */
  public DomainState domainState;

  /** The VM's metadata.generation the node daemon last acted on. */
  @Min(0)
  public Long observedGeneration;

  /** The value of the reboot-requested annotation the node daemon last carried out. */
  public String rebootToken;

  /** Machine-readable reason for the last failure, e.g. StartFailed. */
  public String reason;

  /** Detail of the last failure or transition. */
  public String message;
}
