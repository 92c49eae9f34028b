package dev.kumo.api.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Quantity;

/** Capacity of a storage in ZStack's terms: virtual (after over-commit) and physical. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageCapacity {
  /** Allocatable capacity: physical capacity times the storage over-commit, minus the reserve. */
  public Quantity total;

  /** Allocatable capacity not yet promised to volumes. */
  public Quantity available;

  /** Size of the underlying filesystems. */
  public Quantity totalPhysical;

  /** Free space on the underlying filesystems; above 90 % used the storage counts as full. */
  public Quantity availablePhysical;
}
