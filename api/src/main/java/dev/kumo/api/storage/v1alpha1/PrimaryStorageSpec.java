package dev.kumo.api.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.MaintainableState;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The desired state of a primary storage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'NFS' || self.url.matches('^[^:/]+:/.*$')",
    message = "an NFS url has the form server:/export/path",
    fieldPath = ".url")
@ValidationRule(
    value = "self.type == 'NFS' || self.url.startsWith('/')",
    message = "a LocalStorage or SharedMountPoint url is an absolute directory path",
    fieldPath = ".url")
public class PrimaryStorageSpec {
  /** Name of the Zone this storage belongs to. */
  @Required
  @Size(max = 253)
  @Pattern(Patterns.NAME)
  @ValidationRule(value = "self == oldSelf", message = "zoneRef is immutable")
  public String zoneRef;

  /** The kind of storage. */
  @Required
  @ValidationRule(value = "self == oldSelf", message = "type is immutable")
  public PrimaryStorageType type;

  /**
   * Where the storage is: an absolute directory for LocalStorage and SharedMountPoint (e.g.
   * /var/lib/kumo/ps), {@code server:/export} for NFS.
   */
  @Required
  @Size(min = 1, max = 1024)
  @ValidationRule(value = "self == oldSelf", message = "url is immutable")
  public String url;

  /** Mount options for NFS, e.g. "vers=4.1,nolock". */
  @Size(max = 1024)
  public String mountOptions;

  /** Free-form description shown to administrators. */
  @Size(max = 2048)
  public String description;

  /** Administrative state; Maintenance stops the VMs whose volumes are here. */
  @Default("Enabled")
  public MaintainableState state;
}
