package dev.kumo.api.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A kernel and initrd that QEMU loads directly, with their command line. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KernelBoot {
  /** URL of the kernel (http(s) or file://). */
  @Required
  @Size(max = 2048)
  @Pattern("^(https?://[^\\s]+|file:///[^\\s]*)$")
  public String kernelUrl;

  /** URL of the initial ramdisk (http(s) or file://). */
  @Size(max = 2048)
  @Pattern("^(https?://[^\\s]+|file:///[^\\s]*)$")
  public String initrdUrl;

  /** Kernel command line, e.g. "console=ttyS0 root=/dev/vda". */
  @Size(max = 4096)
  public String cmdline;
}
