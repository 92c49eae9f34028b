package dev.kumo.api.infra.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Quantity;

/** A host's capacity in ZStack's terms (HostCapacityVO). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HostCapacity {
  /** Allocatable vCPUs: CPU threads times the CPU over-commit ratio, minus the reserve. */
  public Integer totalCpu;

  /** Allocatable vCPUs not yet used by VMs. */
  public Integer availableCpu;

  /** Allocatable memory: physical memory times the memory over-commit, minus the reserve. */
  public Quantity totalMemory;

  /** Allocatable memory not yet used by VMs. */
  public Quantity availableMemory;

  /** Physical memory of the host. */
  public Quantity totalPhysicalMemory;

  /** Physical memory currently free on the host. */
  public Quantity availablePhysicalMemory;
}
