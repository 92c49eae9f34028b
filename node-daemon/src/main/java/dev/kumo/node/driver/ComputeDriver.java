package dev.kumo.node.driver;

import java.util.List;
import java.util.Optional;

/**
 * The hypervisor: domains keyed by VmInstance uid (kvmagent's vm_plugin; libvirt's
 * define/create/shutdown/suspend/resume/destroy/undefine). Every mutating call is idempotent when
 * the domain is already in the requested state, so reconcilers can repeat it after a failure or a
 * restart. Only domains carrying Kumo's marker are listed or touched.
 */
public interface ComputeDriver {
  /**
   * Creates the domain's persistent definition, or replaces it. A new definition of a running
   * domain takes effect at its next start, as with libvirt.
   */
  void define(DomainSpec spec);

  /** Boots a Stopped or Crashed domain; does nothing when it runs. */
  void start(String uid);

  /** Shuts the domain down (Running, Paused or Crashed → Stopped); nothing when Stopped. */
  void stop(String uid);

  /** Suspends a running domain; does nothing when it is Paused. */
  void pause(String uid);

  /** Resumes a paused domain; does nothing when it runs. */
  void resume(String uid);

  /** Powers the domain off at once; does nothing when it is absent or not running. */
  void destroy(String uid);

  /** Removes the domain's definition; does nothing when it is absent. It must not be running. */
  void undefine(String uid);

  /**
   * Hot-plugs a disk into the domain and adds it to its definition (virsh attach-disk --live
   * --config; only --config for a domain that does not run). Does nothing when the domain already
   * has this disk.
   *
   * @throws DriverException {@link DriverException#NOT_FOUND} when the domain is not defined,
   *     {@link DriverException#INVALID_STATE} when another disk holds the device
   */
  void attachDisk(String uid, DomainSpec.Disk disk);

  /**
   * Unplugs the disk of a volume from the domain and removes it from its definition; does nothing
   * when the domain does not have it.
   */
  void detachDisk(String uid, String volume);

  /** The domain of the VM, if it is defined. */
  Optional<DomainInfo> get(String uid);

  /** Every Kumo domain on the host. */
  List<DomainInfo> list();
}
