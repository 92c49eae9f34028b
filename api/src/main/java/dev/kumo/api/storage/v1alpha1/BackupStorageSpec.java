package dev.kumo.api.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.AdminState;
import dev.kumo.api.common.Patterns;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The desired state of a backup storage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStorageSpec {
  /** The kind of backup storage. */
  @Default("ImageStore")
  public BackupStorageType type;

  /** Absolute directory on the serving host where images are stored, e.g. /var/lib/kumo/images. */
  @Required
  @Size(min = 1, max = 1024)
  @Pattern("^/.*$")
  @ValidationRule(value = "self == oldSelf", message = "url is immutable")
  public String url;

  /** Management IPv4 address of the host whose node daemon serves this storage. */
  @Required
  @Pattern(Patterns.IPV4)
  public String hostname;

  /** Names of the zones whose hosts may fetch images from this storage. */
  @Required
  @Size(min = 1, max = 64)
  public List<@Pattern(Patterns.NAME) String> zoneRefs;

  /** Free-form description shown to administrators. */
  @Size(max = 2048)
  public String description;

  /** Enabled backup storage accepts new images; Disabled only serves what it has. */
  @Default("Enabled")
  public AdminState state;
}
