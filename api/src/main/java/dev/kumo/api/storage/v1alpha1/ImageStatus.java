package dev.kumo.api.storage.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kumo.api.common.KumoStatus;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/** What Kumo observes about an image. */
public class ImageStatus extends KumoStatus {
  /** Printable summary: Creating, Downloading, Ready, Error or Deleted. */
  public ImagePhase phase;

  /** Download progress in percent while Downloading. */
  @Min(0)
  @Max(100)
  public Integer progress;

  /** Virtual size of the image (the size of a volume made from it). */
  public Quantity size;

  /** Bytes the image file takes on backup storage. */
  public Quantity actualSize;

  /** Checksum computed over the downloaded file, as algorithm:hex. */
  public String checksum;

  /** The copies of the image on backup storage. */
  public List<BackupStorageCopy> backupStorages;

  /** Where one copy of an image is kept. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class BackupStorageCopy {
    /** Name of the BackupStorage. */
    public String name;

    /** Path of the image file on that storage. */
    public String installPath;

    /** Printable state of this copy. */
    public ImagePhase phase;
  }
}
