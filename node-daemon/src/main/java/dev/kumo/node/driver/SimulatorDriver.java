package dev.kumo.node.driver;

import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.infra.v1alpha1.CpuArchitecture;
import dev.kumo.api.infra.v1alpha1.HostFacts;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * An in-memory host: a hypervisor, primary-storage pools, backup storage and a virtual switch that
 * only exist in this object (ZStack's simulator idea). It is thread-safe, and lets tests shape the
 * host and make it misbehave:
 *
 * <ul>
 *   <li>host facts (CPU threads, memory) and the size of every storage pool come from {@link
 *       Options};
 *   <li>every mutating call (define, start, stop, pause, resume, destroy, undefine, disk
 *       attach/detach, volume create/resize/delete, snapshot take/revert/delete, image
 *       download/delete, NIC plug/unplug) sleeps {@link Options#latency()} and then fails with
 *       probability {@link Options#failureRate()}, throwing a {@link DriverException} with reason
 *       {@link DriverException#INJECTED} <em>before</em> changing anything. The random source is
 *       seeded ({@link Options#seed()}), and both knobs can be changed while the host runs. Reads
 *       (get, list, facts, connect) are instant and never fail by injection;
 *   <li>{@link #kill()} freezes the host: its state is kept exactly as it was, and every call,
 *       reads included, throws {@link DriverException#HOST_DOWN} until {@link #revive()} — a host
 *       that is unreachable or powered off with its disks intact. Killing the node daemon alone (as
 *       {@code kill -9} would) is {@code SimulatedFleet#kill}: the simulated host keeps running its
 *       domains;
 *   <li>{@link #crash(String)} makes a domain stop on its own (state Crashed).
 * </ul>
 *
 * <p>Files are modelled by their paths and sizes: a volume file is {@code <pool
 * url>/volumes/<volume uid>.qcow2}; an image file is {@code <store url>/images/<image
 * uid>.<format>} and its content is the bytes of its URL, so its checksum is the digest of the URL
 * string. Volumes are thin: an empty qcow2 takes {@link #QCOW2_HEADER_BYTES}; a volume from an
 * image adds the image to the pool's cache once. A snapshot {@code <pool url>/snapshots/<snapshot
 * uid>.qcow2} freezes the volume's live file (its bytes move to the snapshot) and the volume goes
 * on a new empty overlay; snapshots of a volume form a tree through their parents.
 */
public final class SimulatorDriver implements NodeDriver {
  /** Bytes an empty qcow2 file or overlay takes. */
  public static final long QCOW2_HEADER_BYTES = 196_608;

  private static final long GI = 1L << 30;
  private static final int PROGRESS_STEPS = 5;

  /**
   * How the simulated host looks and behaves.
   *
   * @param hostName name used in messages
   * @param cpuThreads CPU threads reported in the facts
   * @param memoryBytes physical memory reported in the facts
   * @param storageBytes physical size of every storage pool (primary and backup)
   * @param imageVirtualBytes virtual size of every downloaded image
   * @param imageActualBytes bytes every downloaded image takes
   * @param latency time every mutating call takes
   * @param failureRate probability in [0, 1] that a mutating call fails
   * @param seed seed of the failure draws
   */
  public record Options(
      String hostName,
      int cpuThreads,
      long memoryBytes,
      long storageBytes,
      long imageVirtualBytes,
      long imageActualBytes,
      Duration latency,
      double failureRate,
      long seed) {

    /** Validates the options. */
    public Options {
      Objects.requireNonNull(hostName, "hostName");
      Objects.requireNonNull(latency, "latency");
      if (cpuThreads < 1 || memoryBytes <= 0 || storageBytes <= 0) {
        throw new IllegalArgumentException("cpu threads, memory and storage must be positive");
      }
      if (imageVirtualBytes <= 0 || imageActualBytes <= 0) {
        throw new IllegalArgumentException("image sizes must be positive");
      }
      checkRate(failureRate);
    }

    /**
     * A host of 32 threads, 128 GiB of memory and 2 TiB pools, images of 8 GiB (1 GiB on disk), no
     * latency and no failures.
     */
    public static Options defaults(String hostName) {
      return new Options(hostName, 32, 128 * GI, 2048 * GI, 8 * GI, GI, Duration.ZERO, 0, 1);
    }

    /** These options with another latency. */
    public Options withLatency(Duration value) {
      return new Options(
          hostName,
          cpuThreads,
          memoryBytes,
          storageBytes,
          imageVirtualBytes,
          imageActualBytes,
          value,
          failureRate,
          seed);
    }

    /** These options with another failure rate and seed. */
    public Options withFailures(double rate, long seedValue) {
      return new Options(
          hostName,
          cpuThreads,
          memoryBytes,
          storageBytes,
          imageVirtualBytes,
          imageActualBytes,
          latency,
          rate,
          seedValue);
    }

    /** These options with another host shape. */
    public Options withHardware(int threads, long memory, long storage) {
      return new Options(
          hostName,
          threads,
          memory,
          storage,
          imageVirtualBytes,
          imageActualBytes,
          latency,
          failureRate,
          seed);
    }

    /** These options for another host name. */
    public Options withHostName(String name) {
      return new Options(
          name,
          cpuThreads,
          memoryBytes,
          storageBytes,
          imageVirtualBytes,
          imageActualBytes,
          latency,
          failureRate,
          seed);
    }
  }

  private final Options options;
  private final Object lock = new Object();
  private final Random random;
  private volatile Duration latency;
  private volatile double failureRate;
  private volatile boolean frozen;
  private final AtomicLong mutations = new AtomicLong();
  private final AtomicLong injected = new AtomicLong();

  private final Map<String, DomainInfo> domains = new LinkedHashMap<>();
  private final Map<String, VolumeFile> volumes = new LinkedHashMap<>();
  private final Map<String, SnapshotFile> snapshots = new LinkedHashMap<>();
  private final Map<String, String> currentSnapshot = new LinkedHashMap<>();
  private final Map<String, TreeSet<String>> imageCaches = new LinkedHashMap<>();
  private final Map<String, Map<String, ImageFile>> images = new LinkedHashMap<>();
  private final Map<String, Map<String, DomainSpec.Nic>> nics = new LinkedHashMap<>();
  private int nextVncPort = 5900;

  private final ComputeDriver compute = new Compute();
  private final StorageDriver storage = new Storage();
  private final ImageStoreDriver imageStore = new ImageStore();
  private final NetworkDriver network = new Network();

  /** A simulated host. */
  public SimulatorDriver(Options options) {
    this.options = Objects.requireNonNull(options, "options");
    this.random = new Random(options.seed());
    this.latency = options.latency();
    this.failureRate = options.failureRate();
  }

  private static void checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("failure rate must be in [0, 1], got " + rate);
    }
  }

  /** The options the host was created with. */
  public Options options() {
    return options;
  }

  /** Changes the probability that a mutating call fails, from now on. */
  public void setFailureRate(double rate) {
    checkRate(rate);
    this.failureRate = rate;
  }

  /** Changes the time every mutating call takes, from now on. */
  public void setLatency(Duration value) {
    this.latency = Objects.requireNonNull(value, "latency");
  }

  /** Freezes the host: every call throws {@link DriverException#HOST_DOWN}; state is kept. */
  public void kill() {
    frozen = true;
  }

  /** Unfreezes a killed host, with everything it held. */
  public void revive() {
    frozen = false;
  }

  /** Whether the host is killed. */
  public boolean isKilled() {
    return frozen;
  }

  /** Makes a defined domain crash (state Crashed), as a guest kernel panic would. */
  public void crash(String uid) {
    synchronized (lock) {
      DomainInfo domain = domains.get(uid);
      if (domain == null) {
        throw new DriverException(DriverException.NOT_FOUND, "no domain " + uid + " on " + host());
      }
      domains.put(uid, new DomainInfo(domain.spec(), DomainState.Crashed, null));
    }
  }

  @Override
  public String name() {
    return "simulator";
  }

  @Override
  public HostFacts facts() {
    reachable();
    HostFacts facts = new HostFacts();
    facts.cpuModel = "Kumo Simulated CPU";
    facts.cpuSockets = 1;
    facts.cpuThreads = options.cpuThreads();
    facts.architecture = CpuArchitecture.x86_64;
    facts.memory = new Quantity(Long.toString(options.memoryBytes()));
    facts.kvmAvailable = true;
    facts.libvirtVersion = "simulator";
    facts.qemuVersion = "simulator";
    facts.os = "Kumo simulator";
    facts.kernel = System.getProperty("os.version");
    facts.agentVersion =
        Optional.ofNullable(SimulatorDriver.class.getPackage().getImplementationVersion())
            .orElse("dev");
    return facts;
  }

  @Override
  public ComputeDriver compute() {
    return compute;
  }

  @Override
  public StorageDriver storage() {
    return storage;
  }

  @Override
  public ImageStoreDriver imageStore() {
    return imageStore;
  }

  @Override
  public NetworkDriver network() {
    return network;
  }

  private String host() {
    return options.hostName();
  }

  private void reachable() {
    if (frozen) {
      throw new DriverException(
          DriverException.HOST_DOWN, "simulated host " + host() + " is killed and does not answer");
    }
  }

  /**
   * How many mutating calls the host received, failed ones included (calls to a killed host are not
   * counted). A converged node daemon makes none.
   */
  public long mutations() {
    return mutations.get();
  }

  /** How many mutating calls failed by injection. */
  public long injectedFailures() {
    return injected.get();
  }

  /** The cost of a mutating call: latency, then maybe an injected failure. */
  private void mutating(String operation) {
    reachable();
    mutations.incrementAndGet();
    Duration delay = latency;
    if (!delay.isZero()) {
      sleep(delay);
      reachable();
    }
    double rate = failureRate;
    if (rate > 0) {
      boolean fail;
      synchronized (random) {
        fail = random.nextDouble() < rate;
      }
      if (fail) {
        injected.incrementAndGet();
        throw new DriverException(
            DriverException.INJECTED,
            String.format(
                Locale.ROOT,
                "simulated failure of %s on host %s (injected, failure rate %.2f)",
                operation,
                host(),
                rate));
      }
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException(DriverException.FAILED, "interrupted", e);
    }
  }

  private long used(String pool) {
    long used = 0;
    for (VolumeFile file : volumes.values()) {
      if (file.pool().equals(pool)) {
        used += file.actualSizeBytes();
      }
    }
    for (SnapshotFile file : snapshots.values()) {
      if (file.pool().equals(pool)) {
        used += file.sizeBytes();
      }
    }
    used += imageCaches.getOrDefault(pool, new TreeSet<>()).size() * options.imageActualBytes();
    for (ImageFile file : images.getOrDefault(pool, Map.of()).values()) {
      used += file.actualSizeBytes();
    }
    return used;
  }

  private PoolStats stats(String pool) {
    return new PoolStats(options.storageBytes(), Math.max(0, options.storageBytes() - used(pool)));
  }

  private void needRoom(String pool, long bytes, String what) {
    long available = stats(pool).availableBytes();
    if (bytes > available) {
      throw new DriverException(
          DriverException.NO_SPACE,
          what + " needs " + bytes + " bytes but pool " + pool + " has " + available + " left");
    }
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private final class Compute implements ComputeDriver {
    @Override
    public void define(DomainSpec spec) {
      mutating("define of domain " + spec.uid() + " (" + spec.vmKey() + ")");
      synchronized (lock) {
        DomainInfo current = domains.get(spec.uid());
        if (current == null) {
          domains.put(spec.uid(), new DomainInfo(spec, DomainState.Stopped, null));
        } else {
          domains.put(spec.uid(), new DomainInfo(spec, current.state(), current.vncPort()));
        }
      }
    }

    private DomainInfo existing(String uid, String operation) {
      DomainInfo domain = domains.get(uid);
      if (domain == null) {
        throw new DriverException(
            DriverException.NOT_FOUND, "cannot " + operation + " domain " + uid + ": not defined");
      }
      return domain;
    }

    private void set(DomainInfo domain, DomainState state) {
      Integer port = domain.vncPort();
      if (state == DomainState.Running || state == DomainState.Paused) {
        port = port != null ? port : nextVncPort++;
      } else {
        port = null;
      }
      domains.put(domain.uid(), new DomainInfo(domain.spec(), state, port));
    }

    @Override
    public void start(String uid) {
      mutating("start of domain " + uid);
      synchronized (lock) {
        DomainInfo domain = existing(uid, "start");
        switch (domain.state()) {
          case Running -> {}
          case Paused ->
              throw new DriverException(
                  DriverException.INVALID_STATE, "domain " + uid + " is paused: resume it");
          default -> set(domain, DomainState.Running);
        }
      }
    }

    @Override
    public void stop(String uid) {
      mutating("stop of domain " + uid);
      synchronized (lock) {
        DomainInfo domain = existing(uid, "stop");
        if (domain.state() != DomainState.Stopped) {
          set(domain, DomainState.Stopped);
        }
      }
    }

    @Override
    public void pause(String uid) {
      mutating("pause of domain " + uid);
      synchronized (lock) {
        DomainInfo domain = existing(uid, "pause");
        switch (domain.state()) {
          case Paused -> {}
          case Running -> set(domain, DomainState.Paused);
          default ->
              throw new DriverException(
                  DriverException.INVALID_STATE,
                  "cannot pause domain " + uid + ": it is " + domain.state());
        }
      }
    }

    @Override
    public void resume(String uid) {
      mutating("resume of domain " + uid);
      synchronized (lock) {
        DomainInfo domain = existing(uid, "resume");
        switch (domain.state()) {
          case Running -> {}
          case Paused -> set(domain, DomainState.Running);
          default ->
              throw new DriverException(
                  DriverException.INVALID_STATE,
                  "cannot resume domain " + uid + ": it is " + domain.state());
        }
      }
    }

    @Override
    public void destroy(String uid) {
      mutating("destroy of domain " + uid);
      synchronized (lock) {
        DomainInfo domain = domains.get(uid);
        if (domain != null && domain.state() != DomainState.Stopped) {
          set(domain, DomainState.Stopped);
        }
      }
    }

    @Override
    public void undefine(String uid) {
      mutating("undefine of domain " + uid);
      synchronized (lock) {
        DomainInfo domain = domains.get(uid);
        if (domain == null) {
          return;
        }
        if (domain.state() == DomainState.Running || domain.state() == DomainState.Paused) {
          throw new DriverException(
              DriverException.INVALID_STATE,
              "cannot undefine domain " + uid + ": it is " + domain.state() + ", destroy it first");
        }
        domains.remove(uid);
      }
    }

    @Override
    public void attachDisk(String uid, DomainSpec.Disk disk) {
      mutating("attach of disk " + disk.volume() + " to domain " + uid);
      synchronized (lock) {
        DomainInfo domain = existing(uid, "attach a disk to");
        List<DomainSpec.Disk> disks = new ArrayList<>(domain.spec().disks());
        if (disks.contains(disk)) {
          return;
        }
        for (DomainSpec.Disk other : disks) {
          if (other.deviceId() == disk.deviceId()
              || Objects.equals(other.device(), disk.device())
              || other.volume().equals(disk.volume())) {
            throw new DriverException(
                DriverException.INVALID_STATE,
                "cannot attach volume "
                    + disk.volume()
                    + " as "
                    + disk.device()
                    + " to domain "
                    + uid
                    + ": "
                    + other.device()
                    + " holds volume "
                    + other.volume());
          }
        }
        disks.add(disk);
        domains.put(
            uid, new DomainInfo(domain.spec().withDisks(disks), domain.state(), domain.vncPort()));
      }
    }

    @Override
    public void detachDisk(String uid, String volume) {
      mutating("detach of disk " + volume + " from domain " + uid);
      synchronized (lock) {
        DomainInfo domain = domains.get(uid);
        if (domain == null) {
          return;
        }
        List<DomainSpec.Disk> disks = new ArrayList<>(domain.spec().disks());
        if (disks.removeIf(d -> d.volume().equals(volume))) {
          domains.put(
              uid,
              new DomainInfo(domain.spec().withDisks(disks), domain.state(), domain.vncPort()));
        }
      }
    }

    @Override
    public Optional<DomainInfo> get(String uid) {
      reachable();
      synchronized (lock) {
        return Optional.ofNullable(domains.get(uid));
      }
    }

    @Override
    public List<DomainInfo> list() {
      reachable();
      synchronized (lock) {
        return List.copyOf(domains.values());
      }
    }
  }

  private final class Storage implements StorageDriver {
    @Override
    public PoolStats connect(StoragePool pool) {
      reachable();
      synchronized (lock) {
        return stats(pool.name());
      }
    }

    private String path(StoragePool pool, String volumeUid) {
      return trim(pool.url()) + "/volumes/" + volumeUid + ".qcow2";
    }

    @Override
    public VolumeFile createEmpty(StoragePool pool, String volumeUid, long sizeBytes) {
      if (sizeBytes <= 0) {
        throw new IllegalArgumentException("volume size must be positive, got " + sizeBytes);
      }
      mutating("creation of volume " + volumeUid + " on " + pool.name());
      synchronized (lock) {
        VolumeFile existing = byUid(volumeUid);
        if (existing != null) {
          return existing;
        }
        needRoom(pool.name(), QCOW2_HEADER_BYTES, "volume " + volumeUid);
        VolumeFile file =
            new VolumeFile(
                volumeUid,
                pool.name(),
                path(pool, volumeUid),
                sizeBytes,
                QCOW2_HEADER_BYTES,
                "qcow2");
        volumes.put(file.installPath(), file);
        return file;
      }
    }

    @Override
    public VolumeFile createFromImage(StoragePool pool, String volumeUid, ImageSource image) {
      mutating(
          "creation of volume "
              + volumeUid
              + " from image "
              + image.imageUid()
              + " on "
              + pool.name());
      synchronized (lock) {
        VolumeFile existing = byUid(volumeUid);
        if (existing != null) {
          return existing;
        }
        TreeSet<String> cache = imageCaches.computeIfAbsent(pool.name(), k -> new TreeSet<>());
        long need =
            QCOW2_HEADER_BYTES
                + (cache.contains(image.imageUid()) ? 0 : options.imageActualBytes());
        needRoom(pool.name(), need, "volume " + volumeUid);
        cache.add(image.imageUid());
        VolumeFile file =
            new VolumeFile(
                volumeUid,
                pool.name(),
                path(pool, volumeUid),
                image.virtualSizeBytes(),
                QCOW2_HEADER_BYTES,
                "qcow2");
        volumes.put(file.installPath(), file);
        return file;
      }
    }

    private VolumeFile byUid(String volumeUid) {
      for (VolumeFile file : volumes.values()) {
        if (file.volumeUid().equals(volumeUid)) {
          return file;
        }
      }
      return null;
    }

    @Override
    public void delete(String installPath) {
      mutating("deletion of volume file " + installPath);
      synchronized (lock) {
        VolumeFile file = volumes.remove(installPath);
        if (file != null) {
          currentSnapshot.remove(file.volumeUid());
        }
      }
    }

    private VolumeFile existingVolume(String volumeUid, String operation) {
      VolumeFile file = byUid(volumeUid);
      if (file == null) {
        throw new DriverException(
            DriverException.NOT_FOUND,
            "cannot " + operation + " volume " + volumeUid + " on " + host() + ": it has no file");
      }
      return file;
    }

    @Override
    public VolumeFile resize(String volumeUid, long sizeBytes) {
      mutating("resize of volume " + volumeUid + " to " + sizeBytes + " bytes");
      synchronized (lock) {
        VolumeFile file = existingVolume(volumeUid, "resize");
        if (sizeBytes < file.sizeBytes()) {
          throw new DriverException(
              DriverException.INVALID_STATE,
              "cannot shrink volume "
                  + volumeUid
                  + " from "
                  + file.sizeBytes()
                  + " to "
                  + sizeBytes
                  + " bytes");
        }
        if (sizeBytes == file.sizeBytes()) {
          return file;
        }
        VolumeFile grown =
            new VolumeFile(
                volumeUid,
                file.pool(),
                file.installPath(),
                sizeBytes,
                file.actualSizeBytes(),
                file.format());
        volumes.put(grown.installPath(), grown);
        return grown;
      }
    }

    @Override
    public SnapshotFile snapshot(String volumeUid, String snapshotUid) {
      mutating("snapshot " + snapshotUid + " of volume " + volumeUid);
      synchronized (lock) {
        SnapshotFile existing = snapshots.get(snapshotUid);
        if (existing != null) {
          return existing;
        }
        VolumeFile file = existingVolume(volumeUid, "snapshot");
        needRoom(file.pool(), QCOW2_HEADER_BYTES, "snapshot " + snapshotUid);
        String dir = file.installPath().substring(0, file.installPath().lastIndexOf("/volumes/"));
        SnapshotFile snapshot =
            new SnapshotFile(
                snapshotUid,
                volumeUid,
                file.pool(),
                dir + "/snapshots/" + snapshotUid + ".qcow2",
                currentSnapshot.get(volumeUid),
                file.actualSizeBytes(),
                file.sizeBytes());
        snapshots.put(snapshotUid, snapshot);
        currentSnapshot.put(volumeUid, snapshotUid);
        volumes.put(
            file.installPath(),
            new VolumeFile(
                volumeUid,
                file.pool(),
                file.installPath(),
                file.sizeBytes(),
                QCOW2_HEADER_BYTES,
                file.format()));
        return snapshot;
      }
    }

    @Override
    public VolumeFile revert(String volumeUid, String snapshotUid) {
      mutating("revert of volume " + volumeUid + " to snapshot " + snapshotUid);
      synchronized (lock) {
        VolumeFile file = existingVolume(volumeUid, "revert");
        SnapshotFile snapshot = snapshots.get(snapshotUid);
        if (snapshot == null || !snapshot.volumeUid().equals(volumeUid)) {
          throw new DriverException(
              DriverException.NOT_FOUND,
              "volume " + volumeUid + " has no snapshot " + snapshotUid + " on " + host());
        }
        VolumeFile reverted =
            new VolumeFile(
                volumeUid,
                file.pool(),
                file.installPath(),
                snapshot.volumeSizeBytes(),
                QCOW2_HEADER_BYTES,
                file.format());
        volumes.put(reverted.installPath(), reverted);
        currentSnapshot.put(volumeUid, snapshotUid);
        return reverted;
      }
    }

    @Override
    public void deleteSnapshot(String snapshotUid) {
      mutating("deletion of snapshot " + snapshotUid);
      synchronized (lock) {
        SnapshotFile gone = snapshots.remove(snapshotUid);
        if (gone == null) {
          return;
        }
        snapshots.replaceAll(
            (uid, s) ->
                snapshotUid.equals(s.parentUid())
                    ? new SnapshotFile(
                        s.snapshotUid(),
                        s.volumeUid(),
                        s.pool(),
                        s.installPath(),
                        gone.parentUid(),
                        s.sizeBytes(),
                        s.volumeSizeBytes())
                    : s);
        if (snapshotUid.equals(currentSnapshot.get(gone.volumeUid()))) {
          if (gone.parentUid() == null) {
            currentSnapshot.remove(gone.volumeUid());
          } else {
            currentSnapshot.put(gone.volumeUid(), gone.parentUid());
          }
        }
      }
    }

    @Override
    public Optional<String> currentSnapshot(String volumeUid) {
      reachable();
      synchronized (lock) {
        return Optional.ofNullable(currentSnapshot.get(volumeUid));
      }
    }

    @Override
    public List<SnapshotFile> listSnapshots() {
      reachable();
      synchronized (lock) {
        return List.copyOf(snapshots.values());
      }
    }

    @Override
    public Optional<VolumeFile> find(String volumeUid) {
      reachable();
      synchronized (lock) {
        return Optional.ofNullable(byUid(volumeUid));
      }
    }

    @Override
    public List<VolumeFile> list() {
      reachable();
      synchronized (lock) {
        return List.copyOf(volumes.values());
      }
    }
  }

  private final class ImageStore implements ImageStoreDriver {
    @Override
    public PoolStats connect(StoragePool store) {
      reachable();
      synchronized (lock) {
        images.computeIfAbsent(store.name(), k -> new LinkedHashMap<>());
        return stats(store.name());
      }
    }

    @Override
    public ImageFile download(StoragePool store, ImageDownload request, IntConsumer progress) {
      reachable();
      synchronized (lock) {
        ImageFile existing = images.getOrDefault(store.name(), Map.of()).get(request.imageUid());
        if (existing != null) {
          progress.accept(100);
          return existing;
        }
      }
      String algorithm = "sha256";
      if (request.checksum() != null && request.checksum().contains(":")) {
        algorithm = request.checksum().substring(0, request.checksum().indexOf(':'));
      }
      String digest = algorithm + ":" + digest(algorithm, request.url());
      Duration step = latency.dividedBy(PROGRESS_STEPS);
      progress.accept(0);
      for (int i = 1; i <= PROGRESS_STEPS; i++) {
        if (!step.isZero()) {
          sleep(step);
        }
        reachable();
        if (i < PROGRESS_STEPS) {
          progress.accept(i * 100 / PROGRESS_STEPS);
        }
      }
      mutating("download of image " + request.imageUid() + " from " + request.url());
      if (request.checksum() != null && !request.checksum().equalsIgnoreCase(digest)) {
        throw new DriverException(
            DriverException.CHECKSUM_MISMATCH,
            "image "
                + request.imageUid()
                + " from "
                + request.url()
                + " has checksum "
                + digest
                + ", expected "
                + request.checksum());
      }
      ImageFile file;
      synchronized (lock) {
        needRoom(store.name(), options.imageActualBytes(), "image " + request.imageUid());
        String format = request.format() == null ? "qcow2" : request.format();
        file =
            new ImageFile(
                request.imageUid(),
                store.name(),
                trim(store.url()) + "/images/" + request.imageUid() + "." + format,
                options.imageVirtualBytes(),
                options.imageActualBytes(),
                digest);
        images.computeIfAbsent(store.name(), k -> new LinkedHashMap<>()).put(file.imageUid(), file);
      }
      progress.accept(100);
      return file;
    }

    @Override
    public Optional<ImageFile> find(StoragePool store, String imageUid) {
      reachable();
      synchronized (lock) {
        return Optional.ofNullable(images.getOrDefault(store.name(), Map.of()).get(imageUid));
      }
    }

    @Override
    public List<ImageFile> list(StoragePool store) {
      reachable();
      synchronized (lock) {
        return List.copyOf(images.getOrDefault(store.name(), Map.of()).values());
      }
    }

    @Override
    public void delete(StoragePool store, String installPath) {
      mutating("deletion of image file " + installPath);
      synchronized (lock) {
        images
            .getOrDefault(store.name(), new LinkedHashMap<>())
            .values()
            .removeIf(f -> f.installPath().equals(installPath));
      }
    }
  }

  private static String digest(String algorithm, String content) {
    String name =
        switch (algorithm.toLowerCase(Locale.ROOT)) {
          case "md5" -> "MD5";
          case "sha1" -> "SHA-1";
          case "sha256" -> "SHA-256";
          case "sha512" -> "SHA-512";
          default ->
              throw new DriverException(
                  DriverException.FAILED, "unsupported checksum algorithm " + algorithm);
        };
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(name).digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + name, e);
    }
  }

  /**
   * The checksum, as algorithm:hex, of an image the simulator downloads from {@code url} (its
   * content is the URL's UTF-8 bytes). Tests use it to register images with a matching checksum.
   */
  public static String checksumOf(String algorithm, String url) {
    return algorithm + ":" + digest(algorithm, url);
  }

  private final class Network implements NetworkDriver {
    @Override
    public void plug(String vmUid, DomainSpec.Nic nic) {
      mutating("plug of NIC " + nic.mac() + " of VM " + vmUid);
      synchronized (lock) {
        nics.computeIfAbsent(vmUid, k -> new LinkedHashMap<>()).put(nic.mac(), nic);
      }
    }

    @Override
    public void unplugAll(String vmUid) {
      mutating("unplug of the NICs of VM " + vmUid);
      synchronized (lock) {
        nics.remove(vmUid);
      }
    }

    @Override
    public List<NicAttachment> list() {
      reachable();
      synchronized (lock) {
        List<NicAttachment> all = new ArrayList<>();
        nics.forEach(
            (vm, byMac) -> byMac.values().forEach(nic -> all.add(new NicAttachment(vm, nic))));
        return all;
      }
    }
  }
}
