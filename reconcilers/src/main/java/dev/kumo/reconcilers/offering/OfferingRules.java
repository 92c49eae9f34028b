package dev.kumo.reconcilers.offering;

import dev.kumo.api.common.AdminState;
import dev.kumo.api.compute.v1alpha1.AllocatorStrategy;
import dev.kumo.api.compute.v1alpha1.InstanceOfferingSpec;
import dev.kumo.api.storage.v1alpha1.DiskOfferingSpec;
import dev.kumo.api.storage.v1alpha1.VolumeQos;
import dev.kumo.reconcilers.infra.Quantities;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The validity rules of offerings (ZStack's APICreateInstanceOfferingMsg and
 * APICreateDiskOfferingMsg checks). The CRD schema already rejects most bad input; these rules
 * repeat what a server without CEL would let through, so the status tells the truth either way.
 */
public final class OfferingRules {
  /** The smallest memory of an instance offering. */
  public static final long MIN_MEMORY_BYTES = 64L * 1024 * 1024;

  private OfferingRules() {}

  /** What is wrong with an instance offering's spec (empty when valid). */
  public static List<String> instanceOffering(InstanceOfferingSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
    }
    if (spec.cpu == null || spec.cpu < 1) {
      problems.add("spec.cpu must be at least 1");
    }
    Long memory = Quantities.bytes(spec.memory);
    if (memory == null) {
      problems.add("spec.memory must be a quantity such as 2Gi");
    } else if (memory < MIN_MEMORY_BYTES) {
      problems.add("spec.memory must be at least 64Mi, not " + spec.memory);
    }
    boolean maxPerHost = spec.allocatorStrategy == AllocatorStrategy.MaxInstancePerHost;
    if (maxPerHost && (spec.maxInstancePerHost == null || spec.maxInstancePerHost < 1)) {
      problems.add("allocatorStrategy MaxInstancePerHost needs spec.maxInstancePerHost >= 1");
    }
    if (!maxPerHost && spec.maxInstancePerHost != null) {
      problems.add(
          "spec.maxInstancePerHost is only used with allocatorStrategy MaxInstancePerHost, not "
              + (spec.allocatorStrategy == null
                  ? AllocatorStrategy.LeastVmPreferred
                  : spec.allocatorStrategy));
    }
    return problems;
  }

  /** What is wrong with a disk offering's spec (empty when valid). */
  public static List<String> diskOffering(DiskOfferingSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
    }
    Long size = Quantities.bytes(spec.diskSize);
    if (size == null) {
      problems.add("spec.diskSize must be a quantity such as 20Gi");
    } else if (size <= 0) {
      problems.add("spec.diskSize must be greater than zero, not " + spec.diskSize);
    }
    VolumeQos qos = spec.qos;
    if (qos != null) {
      for (Long iops : new Long[] {qos.readIops, qos.writeIops, qos.totalIops}) {
        if (iops != null && iops < 0) {
          problems.add("spec.qos IOPS limits must not be negative");
          break;
        }
      }
    }
    return problems;
  }

  /** Ready of an offering: valid, then Enabled or Disabled. */
  public static Verdict ready(String kind, List<String> problems, AdminState state) {
    if (!problems.isEmpty()) {
      return Verdict.no("InvalidSpec", String.join("; ", problems));
    }
    return state == AdminState.Disabled
        ? Verdict.no("Disabled", kind + " is Disabled: it cannot be used for new resources")
        : Verdict.ok("Enabled", kind + " is Enabled");
  }
}
