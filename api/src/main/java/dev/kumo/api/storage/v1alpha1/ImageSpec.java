package dev.kumo.api.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.AdminState;
import dev.kumo.api.common.Patterns;
import dev.kumo.api.infra.v1alpha1.CpuArchitecture;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The desired state of an image. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(self.format == 'iso') == (self.mediaType == 'ISO')",
    message = "format iso goes with mediaType ISO, and only with it")
public class ImageSpec {
  /**
   * Where to download the image from: an http(s) URL, or a file:// path readable on the host that
   * serves the backup storage.
   */
  @Required
  @Size(max = 2048)
  @Pattern("^(https?://[^\\s]+|file:///[^\\s]*)$")
  @ValidationRule(value = "self == oldSelf", message = "url is immutable")
  public String url;

  /** Checksum the download must match, as algorithm:hex (md5, sha1, sha256 or sha512). */
  @Pattern(Patterns.CHECKSUM)
  @ValidationRule(value = "self == oldSelf", message = "checksum is immutable")
  public String checksum;

  /** On-disk format of the image. */
  @Default("qcow2")
  public ImageFormat format;

  /** What the image is used for. */
  @Default("RootVolumeTemplate")
  public ImageMediaType mediaType;

  /** The guest operating system family. */
  @Default("Linux")
  public GuestPlatform platform;

  /** Guest OS name and version, e.g. "debian12" or "windows2019"; decides libvirt's OS hints. */
  @Size(max = 64)
  public String guestOsType;

  /** CPU architecture the image runs on. */
  @Default("x86_64")
  public CpuArchitecture architecture;

  /** Whether the guest has virtio drivers; without them VMs get emulated IDE and e1000 devices. */
  @Default("true")
  public Boolean virtio;

  /** Names of the BackupStorage objects to store the image on. */
  @Required
  @Size(min = 1, max = 16)
  public List<@Pattern(Patterns.NAME) String> backupStorageRefs;

  /**
   * Boot a kernel and initrd directly instead of a bootloader inside the root volume (for minimal
   * guests and appliances).
   */
  public KernelBoot kernelBoot;

  /** Whether this is a system image (virtual-router appliances), hidden from tenants. */
  @Default("false")
  public Boolean system;

  /** Free-form description shown to users. */
  @Size(max = 2048)
  public String description;

  /** Enabled images can be used for new VMs; Disabled ones only keep serving existing VMs. */
  @Default("Enabled")
  public AdminState state;
}
