package dev.kumo.reconcilers.config;

import dev.kumo.reconcilers.scheduling.CapacityModel;
import dev.kumo.reconcilers.scheduling.SchedulerConfig;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZStack's global configuration that the controller manager uses, read from the ConfigMap {@code
 * kumo-system/kumo-global-config} under ZStack's own key names. Missing keys take ZStack's
 * defaults; an invalid value is reported and replaced by its default, never half-applied.
 *
 * @param scheduler the allocator settings (overcommit, reserves, storage threshold)
 * @param vmDeletionPolicy {@code vm.deletionPolicy}
 * @param vmExpungePeriod {@code vm.expungePeriod}: how long a deleted VM's volumes and addresses
 *     are kept under the Delay policy
 * @param vmExpungeInterval {@code vm.expungeInterval}: how often expired ones are removed
 */
public record GlobalConfig(
    SchedulerConfig scheduler,
    DeletionPolicy vmDeletionPolicy,
    Duration vmExpungePeriod,
    Duration vmExpungeInterval) {

  /** Name of the ConfigMap. */
  public static final String CONFIG_MAP = "kumo-global-config";

  /** ZStack's defaults. */
  public static final GlobalConfig DEFAULTS =
      new GlobalConfig(
          SchedulerConfig.DEFAULTS,
          DeletionPolicy.Delay,
          Duration.ofSeconds(604800),
          Duration.ofSeconds(3600));

  /** Keys and default values, as written into a new ConfigMap. */
  public static Map<String, String> defaultData() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("vm.deletionPolicy", "Delay");
    m.put("vm.expungePeriod", "604800");
    m.put("vm.expungeInterval", "3600");
    m.put("host.cpu.overProvisioning.ratio", "10");
    m.put("mevoco.overProvisioning.memory", "1.0");
    m.put("kvm.reservedCpu", "0");
    m.put("kvm.reservedMemory", "1Gi");
    m.put("mevoco.threshold.primaryStorage.physicalCapacity", "0.9");
    return m;
  }

  /**
   * A configuration read from ConfigMap data.
   *
   * @param config the values in force
   * @param problems one sentence per invalid value (each replaced by its default)
   */
  public record Parsed(GlobalConfig config, List<String> problems) {}

  /** Parses ConfigMap data; null means all defaults. */
  public static Parsed parse(Map<String, String> data) {
    Map<String, String> d = data == null ? Map.of() : data;
    List<String> problems = new ArrayList<>();
    SchedulerConfig s = SchedulerConfig.DEFAULTS;
    int ratio = integer(d, "host.cpu.overProvisioning.ratio", s.cpuOvercommitRatio(), 1, problems);
    double mem = decimal(d, "mevoco.overProvisioning.memory", 1.0, 0.01, 100, problems);
    int reservedCpu = integer(d, "kvm.reservedCpu", s.reservedCpu(), 0, problems);
    long reservedMem = bytes(d, "kvm.reservedMemory", s.reservedMemoryBytes(), problems);
    double threshold =
        decimal(
            d,
            "mevoco.threshold.primaryStorage.physicalCapacity",
            s.primaryStoragePhysicalThreshold(),
            0.01,
            1.0,
            problems);
    DeletionPolicy policy = DEFAULTS.vmDeletionPolicy;
    String p = d.get("vm.deletionPolicy");
    if (p != null) {
      try {
        policy = DeletionPolicy.valueOf(p.trim());
      } catch (IllegalArgumentException e) {
        problems.add("vm.deletionPolicy: " + p + " is not one of Direct, Delay, Never");
      }
    }
    Duration period =
        Duration.ofSeconds(
            integer(
                d, "vm.expungePeriod", (int) DEFAULTS.vmExpungePeriod.toSeconds(), 0, problems));
    Duration interval =
        Duration.ofSeconds(
            integer(
                d,
                "vm.expungeInterval",
                (int) DEFAULTS.vmExpungeInterval.toSeconds(),
                1,
                problems));
    return new Parsed(
        new GlobalConfig(
            new SchedulerConfig(
                ratio, (int) Math.round(mem * 100), reservedCpu, reservedMem, threshold),
            policy,
            period,
            interval),
        problems);
  }

  private static int integer(
      Map<String, String> d, String key, int fallback, int min, List<String> problems) {
    String v = d.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      int i = Integer.parseInt(v.trim());
      if (i < min) {
        problems.add(key + ": " + v + " is below the minimum " + min);
        return fallback;
      }
      return i;
    } catch (NumberFormatException e) {
      problems.add(key + ": " + v + " is not an integer");
      return fallback;
    }
  }

  private static double decimal(
      Map<String, String> d,
      String key,
      double fallback,
      double min,
      double max,
      List<String> problems) {
    String v = d.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      double x = Double.parseDouble(v.trim());
      if (!(x >= min && x <= max)) {
        problems.add(key + ": " + v + " is outside [" + min + ", " + max + "]");
        return fallback;
      }
      return x;
    } catch (NumberFormatException e) {
      problems.add(key + ": " + v + " is not a number");
      return fallback;
    }
  }

  private static long bytes(
      Map<String, String> d, String key, long fallback, List<String> problems) {
    String v = d.get(key);
    if (v == null) {
      return fallback;
    }
    Long b = null;
    try {
      b = CapacityModel.bytes(new Quantity(v.trim()));
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (b == null || b < 0) {
      problems.add(key + ": " + v + " is not a size such as 1Gi");
      return fallback;
    }
    return b;
  }
}
