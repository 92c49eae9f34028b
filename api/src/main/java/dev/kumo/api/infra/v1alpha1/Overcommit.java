package dev.kumo.api.infra.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Over-commit (over-provisioning) ratios, as ZStack's global configuration has them: allocatable
 * capacity is physical capacity times the ratio.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Overcommit {
  /** vCPUs allocatable per physical CPU thread (ZStack's default is 10). */
  @Min(1)
  @Max(100)
  public Integer cpuRatio;

  /** Memory over-commit in percent of physical memory (ZStack's default is 100). */
  @Min(10)
  @Max(1000)
  public Integer memoryPercent;

  /** Primary storage over-commit in percent of physical capacity (ZStack's default is 100). */
  @Min(10)
  @Max(1000)
  public Integer storagePercent;
}
