package dev.kumo.api.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/** Disk I/O limits (libvirt iotune). Unset means unlimited. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.totalBytesPerSecond) || (!has(self.readBytesPerSecond) && !has(self.writeBytesPerSecond))",
    message =
        "totalBytesPerSecond cannot be combined with readBytesPerSecond or writeBytesPerSecond")
@ValidationRule(
    value = "!has(self.totalIops) || (!has(self.readIops) && !has(self.writeIops))",
    message = "totalIops cannot be combined with readIops or writeIops")
public class VolumeQos {
  /** Read bandwidth per second, e.g. 100Mi. */
  @Pattern(Patterns.QUANTITY)
  public Quantity readBytesPerSecond;

  /** Write bandwidth per second, e.g. 100Mi. */
  @Pattern(Patterns.QUANTITY)
  public Quantity writeBytesPerSecond;

  /** Total (read plus write) bandwidth per second; exclusive with the read and write limits. */
  @Pattern(Patterns.QUANTITY)
  public Quantity totalBytesPerSecond;

  /** Read operations per second. */
  @Min(1)
  public Long readIops;

  /** Write operations per second. */
  @Min(1)
  public Long writeIops;

  /** Total operations per second. */
  @Min(1)
  public Long totalIops;
}
