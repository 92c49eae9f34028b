package dev.kumo.reconcilers.compute;

import dev.kumo.api.Finalizers;
import dev.kumo.api.Labels;
import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionStatus;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.common.Conditions;
import dev.kumo.api.common.ConnectionStatus;
import dev.kumo.api.common.MaintainableState;
import dev.kumo.api.compute.v1alpha1.AffinityGroup;
import dev.kumo.api.compute.v1alpha1.CreationStrategy;
import dev.kumo.api.compute.v1alpha1.DomainState;
import dev.kumo.api.compute.v1alpha1.InstanceOffering;
import dev.kumo.api.compute.v1alpha1.NicSpec;
import dev.kumo.api.compute.v1alpha1.Placement;
import dev.kumo.api.compute.v1alpha1.PowerState;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.compute.v1alpha1.VmInstanceSpec;
import dev.kumo.api.compute.v1alpha1.VmInstanceStatus;
import dev.kumo.api.compute.v1alpha1.VmInstanceStatus.NicStatus;
import dev.kumo.api.compute.v1alpha1.VmInstanceStatus.VolumeAttachment;
import dev.kumo.api.compute.v1alpha1.VmState;
import dev.kumo.api.infra.v1alpha1.Cluster;
import dev.kumo.api.infra.v1alpha1.Host;
import dev.kumo.api.infra.v1alpha1.Zone;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.IpAddressSpec;
import dev.kumo.api.network.v1alpha1.IpOwner;
import dev.kumo.api.network.v1alpha1.IpRange;
import dev.kumo.api.network.v1alpha1.IpUsage;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.storage.v1alpha1.DiskOffering;
import dev.kumo.api.storage.v1alpha1.Image;
import dev.kumo.api.storage.v1alpha1.ImagePhase;
import dev.kumo.api.storage.v1alpha1.PrimaryStorage;
import dev.kumo.api.storage.v1alpha1.PrimaryStorageType;
import dev.kumo.api.storage.v1alpha1.Volume;
import dev.kumo.api.storage.v1alpha1.VolumePhase;
import dev.kumo.api.storage.v1alpha1.VolumeSpec;
import dev.kumo.api.storage.v1alpha1.VolumeStatus;
import dev.kumo.api.storage.v1alpha1.VolumeType;
import dev.kumo.reconcilers.config.DeletionPolicy;
import dev.kumo.reconcilers.config.GlobalConfig;
import dev.kumo.reconcilers.ipam.IpAddressNames;
import dev.kumo.reconcilers.ipam.IpDecision;
import dev.kumo.reconcilers.ipam.IpPlanner;
import dev.kumo.reconcilers.ipam.Ipv4;
import dev.kumo.reconcilers.ipam.MacPlanner;
import dev.kumo.reconcilers.scheduling.CapacityLedger;
import dev.kumo.reconcilers.scheduling.CapacityModel;
import dev.kumo.reconcilers.scheduling.HostScheduler;
import dev.kumo.reconcilers.scheduling.Inventory;
import dev.kumo.reconcilers.scheduling.ScheduleResult;
import dev.kumo.reconcilers.storage.VolumeRules;
import dev.kumo.reconcilers.support.Events;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VM path of DESIGN §4 as one level-triggered reconciler: resolve references, schedule
 * (ZStack's filter chain through one {@link CapacityLedger}, assume then bind), label the VM for
 * its host, allocate IPs by creating IpAddress objects, create the root and data Volumes, then
 * follow the node daemon's runtime report to derive the state and the Ready condition. Every step
 * is idempotent and re-derived from etcd on every pass; deletion releases the IPs and the capacity
 * once the node daemon has removed the domain.
 */
@ControllerConfiguration(
    name = "vminstance",
    finalizerName = Finalizers.VM_CLEANUP,
    generationAwareEventProcessing = false)
public final class VmInstanceReconciler implements Reconciler<VmInstance>, Cleaner<VmInstance> {
  private static final Logger LOG = LoggerFactory.getLogger(VmInstanceReconciler.class);
  private static final long RETRY_UNSCHEDULABLE_MS = 15_000;
  private static final long RETRY_PENDING_MS = 10_000;
  private static final long WAIT_DOMAIN_MS = 3_000;
  private static final String VM_KIND = "VmInstance";

  private final KubernetesClient client;
  private final Supplier<GlobalConfig> config;
  private final Events events;
  private final IpAllocator ips = new IpAllocator();
  private final Map<String, Map<String, IpAddress>> created = new ConcurrentHashMap<>();
  private volatile HostScheduler scheduler;

  private InformerEventSource<Host, VmInstance> hosts;
  private InformerEventSource<Zone, VmInstance> zones;
  private InformerEventSource<Cluster, VmInstance> clusters;
  private InformerEventSource<PrimaryStorage, VmInstance> primaryStorages;
  private InformerEventSource<L3Network, VmInstance> l3Networks;
  private InformerEventSource<Image, VmInstance> images;
  private InformerEventSource<InstanceOffering, VmInstance> offerings;
  private InformerEventSource<DiskOffering, VmInstance> diskOfferings;
  private InformerEventSource<AffinityGroup, VmInstance> groups;
  private InformerEventSource<IpAddress, VmInstance> ipAddresses;
  private InformerEventSource<Volume, VmInstance> volumes;

  /** A reconciler writing through {@code client} with the global configuration in force. */
  public VmInstanceReconciler(KubernetesClient client, Supplier<GlobalConfig> config) {
    this.client = client;
    this.config = config;
    this.events = new Events(client, Labels.CONTROLLER_MANAGER);
  }

  @Override
  public List<EventSource<?, VmInstance>> prepareEventSources(EventSourceContext<VmInstance> ctx) {
    var cache = ctx.getPrimaryCache();
    // Infrastructure changes wake the VMs still waiting for a host; a host's changes also wake its
    // own VMs (connection lost or back).
    hosts =
        informer(
            ctx,
            Host.class,
            h ->
                ids(
                    cache.list(
                        vm ->
                            hostRef(vm) == null || h.getMetadata().getName().equals(hostRef(vm)))),
            (o, n) ->
                specChanged(o, n)
                    || o.getStatus() == null
                    || n.getStatus() == null
                    || o.getStatus().connection != n.getStatus().connection
                    || !Objects.equals(
                        Serialization.asJson(o.getStatus().facts),
                        Serialization.asJson(n.getStatus().facts)));
    Predicate<VmInstance> waiting = vm -> hostRef(vm) == null || !ready(vm);
    zones =
        informer(ctx, Zone.class, z -> ids(cache.list(waiting)), VmInstanceReconciler::specChanged);
    clusters =
        informer(
            ctx, Cluster.class, c -> ids(cache.list(waiting)), VmInstanceReconciler::specChanged);
    primaryStorages =
        informer(
            ctx,
            PrimaryStorage.class,
            p -> ids(cache.list(waiting)),
            (o, n) ->
                specChanged(o, n)
                    || o.getStatus() == null
                    || n.getStatus() == null
                    || o.getStatus().connection != n.getStatus().connection);
    l3Networks =
        informer(
            ctx, L3Network.class, l -> ids(cache.list(waiting)), VmInstanceReconciler::specChanged);
    images =
        informer(
            ctx,
            Image.class,
            i -> ids(cache.list(waiting)),
            (o, n) ->
                specChanged(o, n)
                    || o.getStatus() == null
                    || n.getStatus() == null
                    || o.getStatus().phase != n.getStatus().phase);
    offerings =
        informer(
            ctx,
            InstanceOffering.class,
            o -> ids(cache.list(waiting)),
            VmInstanceReconciler::specChanged);
    diskOfferings =
        informer(
            ctx,
            DiskOffering.class,
            o -> ids(cache.list(waiting)),
            VmInstanceReconciler::specChanged);
    groups =
        informer(
            ctx,
            AffinityGroup.class,
            g -> ids(cache.list(waiting)),
            VmInstanceReconciler::specChanged);
    ipAddresses = informer(ctx, IpAddress.class, VmInstanceReconciler::ownerOfIp);
    volumes = informer(ctx, Volume.class, v -> usersOfVolume(v, cache));
    return List.of(
        hosts,
        zones,
        clusters,
        primaryStorages,
        l3Networks,
        images,
        offerings,
        diskOfferings,
        groups,
        ipAddresses,
        volumes);
  }

  private static <R extends HasMetadata> InformerEventSource<R, VmInstance> informer(
      EventSourceContext<VmInstance> ctx,
      Class<R> type,
      java.util.function.Function<R, Set<ResourceID>> mapper) {
    return informer(ctx, type, mapper, null);
  }

  /**
   * An informer whose updates wake VMs only when {@code relevant} says the change matters (null:
   * every update). Infrastructure objects' status counters (a host's VM count, an L3's used IPs, an
   * offering's users) change with every VM; waking every waiting VM on each of those would make a
   * storm of N VMs cost N² reconciles.
   */
  private static <R extends HasMetadata> InformerEventSource<R, VmInstance> informer(
      EventSourceContext<VmInstance> ctx,
      Class<R> type,
      java.util.function.Function<R, Set<ResourceID>> mapper,
      java.util.function.BiPredicate<R, R> relevant) {
    var builder =
        InformerEventSourceConfiguration.from(type, VmInstance.class)
            .withName(type.getSimpleName())
            .withSecondaryToPrimaryMapper(mapper::apply)
            .withWatchAllNamespaces();
    if (relevant != null) {
      builder.withOnUpdateFilter((next, old) -> relevant.test(old, next));
    }
    return new InformerEventSource<>(builder.build(), ctx);
  }

  /** Whether the spec changed (metadata.generation moved) or the object started deleting. */
  private static boolean specChanged(HasMetadata old, HasMetadata next) {
    return !Objects.equals(old.getMetadata().getGeneration(), next.getMetadata().getGeneration())
        || !Objects.equals(
            old.getMetadata().getDeletionTimestamp(), next.getMetadata().getDeletionTimestamp());
  }

  private static Set<ResourceID> ids(java.util.stream.Stream<VmInstance> vms) {
    return vms.map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  private static Set<ResourceID> ownerOfIp(IpAddress ip) {
    Map<String, String> labels = ip.getMetadata().getLabels();
    if (labels == null || labels.get(Labels.VM) == null) {
      return Set.of();
    }
    return Set.of(new ResourceID(labels.get(Labels.VM), labels.get(Labels.VM_NAMESPACE)));
  }

  /** The VMs a volume matters to: its owner, the VM it is attached to, those listing it. */
  private static Set<ResourceID> usersOfVolume(Volume v, IndexedResourceCache<VmInstance> cache) {
    String ns = v.getMetadata().getNamespace();
    String name = v.getMetadata().getName();
    Set<ResourceID> ids =
        new HashSet<>(
            ids(
                cache.list(
                    vm ->
                        Objects.equals(ns, vm.getMetadata().getNamespace())
                            && vm.getSpec().volumeRefs != null
                            && vm.getSpec().volumeRefs.contains(name))));
    Map<String, String> labels = v.getMetadata().getLabels();
    if (labels != null && labels.get(Labels.VM) != null) {
      ids.add(new ResourceID(labels.get(Labels.VM), ns));
    }
    if (v.getStatus() != null && v.getStatus().attachedTo != null) {
      ids.add(new ResourceID(v.getStatus().attachedTo, ns));
    }
    return ids;
  }

  private static String hostRef(VmInstance vm) {
    return vm.getStatus() == null ? null : vm.getStatus().hostRef;
  }

  private static boolean ready(VmInstance vm) {
    return vm.getStatus() != null
        && Conditions.isTrue(vm.getStatus().conditions, ConditionTypes.READY);
  }

  private HostScheduler scheduler(Context<VmInstance> ctx) {
    HostScheduler s = scheduler;
    if (s == null) {
      synchronized (this) {
        s = scheduler;
        if (s == null) {
          // The caches are synced before the first reconcile: every placed VM is in them.
          s = new HostScheduler(CapacityLedger.rebuild(ctx.getPrimaryCache().list().toList()));
          scheduler = s;
          LOG.info("capacity ledger rebuilt with {} placed VMs", s.ledger().size());
        }
      }
    }
    return s;
  }

  /** The capacity ledger (for tests and metrics); null before the first reconcile. */
  public CapacityLedger ledger() {
    HostScheduler s = scheduler;
    return s == null ? null : s.ledger();
  }

  @Override
  public UpdateControl<VmInstance> reconcile(VmInstance primary, Context<VmInstance> ctx) {
    VmInstance vm = primary;
    HostScheduler sched = scheduler(ctx);
    VmInstanceSpec spec = vm.getSpec();
    VmInstanceStatus st = vm.getStatus() == null ? new VmInstanceStatus() : vm.getStatus();
    long generation = generation(vm);

    // 0. ZStack's JustCreate: a VM created Stopped is only recorded until spec.state asks it to
    // run; nothing is allocated.
    if (st.hostRef == null
        && spec.creationStrategy == CreationStrategy.JustCreate
        && spec.state == PowerState.Stopped) {
      setStatus(
          vm,
          s -> {
            s.state = VmState.Created;
            String message =
                "recorded only (JustCreate): nothing is allocated until spec.state is Running";
            condition(
                s, ConditionTypes.SCHEDULED, ConditionStatus.False, "JustCreate", message, primary);
            condition(
                s, ConditionTypes.READY, ConditionStatus.True, "JustCreate", message, primary);
            s.observedGeneration = generation;
          },
          null,
          null,
          null);
      return UpdateControl.noUpdate();
    }

    // 1. Before placement: every reference must resolve.
    if (st.hostRef == null) {
      Resolved r = resolve(vm);
      if (r.problem != null) {
        setStatus(
            vm,
            s -> {
              s.state = VmState.Created;
              condition(
                  s, ConditionTypes.SCHEDULED, ConditionStatus.False, r.reason, r.problem, primary);
              condition(
                  s, ConditionTypes.READY, ConditionStatus.False, r.reason, r.problem, primary);
            },
            Events.WARNING,
            r.reason,
            r.problem);
        return UpdateControl.<VmInstance>noUpdate().rescheduleAfter(RETRY_PENDING_MS);
      }
      // 2. Schedule.
      VmInstance toPlace = pinned(vm);
      String pinnedHost =
          toPlace.getSpec().placement == null ? null : toPlace.getSpec().placement.hostRef;
      if (toPlace != vm && hosts.get(new ResourceID(pinnedHost)).isEmpty()) {
        String message =
            "root volume "
                + rootName(vm)
                + " is on the local storage of host "
                + pinnedHost
                + ", which no longer exists";
        setStatus(
            vm,
            s -> {
              s.state = VmState.Stopped;
              condition(
                  s,
                  ConditionTypes.SCHEDULED,
                  ConditionStatus.False,
                  "RootVolumeUnreachable",
                  message,
                  primary);
              condition(
                  s,
                  ConditionTypes.READY,
                  ConditionStatus.False,
                  "RootVolumeUnreachable",
                  message,
                  primary);
            },
            Events.WARNING,
            "RootVolumeUnreachable",
            message);
        return UpdateControl.<VmInstance>noUpdate().rescheduleAfter(RETRY_UNSCHEDULABLE_MS);
      }
      ScheduleResult result =
          sched.schedule(toPlace, r.offering, r.group, r.rootDiskBytes, null, inventory());
      if (result instanceof ScheduleResult.Unschedulable u) {
        setStatus(
            vm,
            s -> {
              s.state = VmState.Created;
              condition(
                  s,
                  ConditionTypes.SCHEDULED,
                  ConditionStatus.False,
                  u.reason(),
                  u.message(),
                  primary);
              condition(
                  s,
                  ConditionTypes.READY,
                  ConditionStatus.False,
                  "Unschedulable",
                  u.message(),
                  primary);
            },
            Events.WARNING,
            "FailedScheduling",
            u.message());
        return UpdateControl.<VmInstance>noUpdate().rescheduleAfter(RETRY_UNSCHEDULABLE_MS);
      }
      ScheduleResult.Scheduled placed = (ScheduleResult.Scheduled) result;
      VmInstance written;
      try {
        written =
            Writes.status(
                client,
                vm,
                v -> {
                  VmInstanceStatus s = status(v);
                  if (s.hostRef != null && !s.hostRef.equals(placed.host())) {
                    return false; // placed elsewhere meanwhile (another leader); keep that
                  }
                  s.hostRef = placed.host();
                  s.lastHostRef = placed.host();
                  s.clusterRef = placed.cluster();
                  s.zoneRef = placed.zone();
                  s.primaryStorageRef = placed.primaryStorage();
                  s.cpu = placed.reservation().cpu();
                  s.memory =
                      r.offering != null && r.offering.getSpec() != null
                          ? r.offering.getSpec().memory
                          : spec.memory;
                  s.state = VmState.Starting;
                  condition(
                      s,
                      ConditionTypes.SCHEDULED,
                      ConditionStatus.True,
                      placed.reason(),
                      placed.message(),
                      v);
                  return true;
                });
      } catch (RuntimeException e) {
        sched.ledger().release(CapacityLedger.key(vm));
        throw e;
      }
      if (written == null || !placed.host().equals(hostRef(written))) {
        sched.ledger().release(CapacityLedger.key(vm));
        return UpdateControl.noUpdate();
      }
      sched.ledger().bind(CapacityLedger.key(vm));
      events.record(vm, Events.NORMAL, "Scheduled", placed.message());
      vm = written;
      st = written.getStatus();
    } else if (sched.ledger().reservation(CapacityLedger.key(vm)).isEmpty()
        && CapacityLedger.holdsCapacity(st.state)) {
      // Placed by a previous leader, or re-started after a stop: hold its capacity again.
      sched
          .ledger()
          .record(
              new dev.kumo.reconcilers.scheduling.Reservation(
                  CapacityLedger.key(vm),
                  st.hostRef,
                  st.cpu == null ? 0 : st.cpu,
                  Optional.ofNullable(CapacityModel.bytes(st.memory)).orElse(0L),
                  spec.affinityGroupRef == null
                      ? null
                      : CapacityLedger.key(vm.getMetadata().getNamespace(), spec.affinityGroupRef),
                  null,
                  0));
    }
    String host = st.hostRef;

    // 2b. A changed offering or size (ZStack's ChangeInstanceOffering) is re-reserved on the VM's
    // host; a running VM gets the new size at its next restart.
    VmInstance resized = resize(vm, sched);
    if (resized == null) {
      return UpdateControl.noUpdate();
    }
    vm = resized;
    st = vm.getStatus();

    // 3. The node daemon of the host watches its label; the zone owns the VM (ZStack's cascade:
    // deleting a zone deletes its VMs).
    Zone zone = st.zoneRef == null ? null : zones.get(new ResourceID(st.zoneRef)).orElse(null);
    boolean zoneOwned =
        zone == null
            || (vm.getMetadata().getOwnerReferences() != null
                && vm.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> zone.getMetadata().getUid().equals(o.getUid())));
    if (!host.equals(label(vm, Labels.HOST)) || !zoneOwned) {
      vm =
          Writes.object(
              client,
              vm,
              v -> {
                if (v.getMetadata().getLabels() == null) {
                  v.getMetadata().setLabels(new HashMap<>());
                }
                v.getMetadata().getLabels().put(Labels.HOST, host);
                if (zone != null) {
                  List<OwnerReference> refs =
                      v.getMetadata().getOwnerReferences() == null
                          ? new ArrayList<>()
                          : new ArrayList<>(v.getMetadata().getOwnerReferences());
                  if (refs.stream()
                      .noneMatch(o -> zone.getMetadata().getUid().equals(o.getUid()))) {
                    refs.add(
                        new OwnerReferenceBuilder()
                            .withApiVersion(zone.getApiVersion())
                            .withKind(zone.getKind())
                            .withName(zone.getMetadata().getName())
                            .withUid(zone.getMetadata().getUid())
                            .build());
                  }
                  v.getMetadata().setOwnerReferences(refs);
                }
                return true;
              });
      if (vm == null) {
        return UpdateControl.noUpdate();
      }
    }

    // 4. IPs and MACs.
    NicsOutcome nics = allocateNics(vm);
    // 5. Volumes.
    VolumesOutcome vols = ensureVolumes(vm);

    // 6. State from the node daemon's report.
    Host h = hosts.get(new ResourceID(host)).orElse(null);
    boolean connected =
        h != null
            && h.getStatus() != null
            && h.getStatus().connection == ConnectionStatus.Connected;
    String evicted = evictionReason(h);
    if (evicted != null && !MAINTENANCE.equals(evicted)) {
      // The host is going away: once its domain is down (or the host cannot say), the VM leaves it.
      DomainState ds =
          st.runtime != null && host.equals(st.runtime.hostRef) ? st.runtime.domainState : null;
      boolean down =
          h == null
              || !connected
              || ds == null
              || ds == DomainState.Stopped
              || ds == DomainState.Absent
              || ds == DomainState.Crashed
              || ds == DomainState.Failed;
      if (down) {
        return unplace(vm, host, evicted, sched);
      }
    }
    VmStates.View derived =
        evicted == null
            ? VmStates.derive(spec.state, st.runtime, host, connected, generation)
            : VmStates.evicted(
                VmStates.derive(PowerState.Stopped, st.runtime, host, connected, generation),
                evicted,
                evictionMessage(host, evicted));
    VmStates.View view =
        VmStates.rebooting(derived, annotation(vm, Labels.REBOOT_REQUESTED), st.runtime, host);
    boolean allocated = nics.problem == null && vols.problem == null && vols.ready;
    final VmInstance current = vm;
    VmInstance after =
        setStatus(
            current,
            s -> {
              s.nics = nics.nics;
              s.ip = nics.defaultIp;
              s.volumes = vols.attachments;
              if (evicted != null) {
                condition(
                    s,
                    ConditionTypes.EVICTED,
                    ConditionStatus.True,
                    evicted,
                    evictionMessage(host, evicted),
                    current);
              } else if (Conditions.isTrue(s.conditions, ConditionTypes.EVICTED)) {
                condition(
                    s,
                    ConditionTypes.EVICTED,
                    ConditionStatus.False,
                    "HostAvailable",
                    "host " + host + " takes VMs again",
                    current);
              }
              condition(
                  s,
                  ConditionTypes.IPS_ALLOCATED,
                  nics.problem == null ? ConditionStatus.True : ConditionStatus.False,
                  nics.problem == null ? "Allocated" : nics.reason,
                  nics.problem == null
                      ? s.nics.size() + " NIC(s) have their addresses"
                      : nics.problem,
                  current);
              condition(
                  s,
                  ConditionTypes.VOLUMES_READY,
                  vols.problem == null && vols.ready ? ConditionStatus.True : ConditionStatus.False,
                  vols.problem != null ? vols.reason : vols.ready ? "Ready" : "Creating",
                  vols.problem != null
                      ? vols.problem
                      : vols.ready
                          ? s.volumes.size() + " volume(s) ready"
                          : "waiting for the volumes to be created on " + s.primaryStorageRef,
                  current);
              if (!allocated) {
                s.state = view.state() == VmState.Unknown ? VmState.Unknown : VmState.Starting;
                String reason =
                    nics.problem != null
                        ? nics.reason
                        : vols.problem != null ? vols.reason : "Provisioning";
                String message =
                    nics.problem != null
                        ? nics.problem
                        : vols.problem != null ? vols.problem : "allocating addresses and volumes";
                condition(s, ConditionTypes.READY, ConditionStatus.False, reason, message, current);
              } else {
                s.state = view.state();
                condition(
                    s, ConditionTypes.READY, view.ready(), view.reason(), view.message(), current);
              }
              s.observedGeneration = generation;
            },
            null,
            null,
            null);
    if (after != null && after.getStatus() != null) {
      VmState state = after.getStatus().state;
      if (!CapacityLedger.holdsCapacity(state)) {
        sched.ledger().release(CapacityLedger.key(after));
      }
    }
    if (!allocated) {
      return UpdateControl.<VmInstance>noUpdate().rescheduleAfter(RETRY_PENDING_MS);
    }
    return UpdateControl.noUpdate();
  }

  // ---------------------------------------------------------------------------------------------
  // Change of size

  /** The VM with status.cpu/memory matching its spec where its host has room; null if gone. */
  private VmInstance resize(VmInstance vm, HostScheduler sched) {
    VmInstanceSpec spec = vm.getSpec();
    VmInstanceStatus st = vm.getStatus();
    InstanceOffering offering =
        spec.instanceOfferingRef == null
            ? null
            : offerings.get(new ResourceID(spec.instanceOfferingRef)).orElse(null);
    Integer cpu =
        offering != null && offering.getSpec() != null ? offering.getSpec().cpu : spec.cpu;
    Quantity memory =
        offering != null && offering.getSpec() != null ? offering.getSpec().memory : spec.memory;
    Long bytes = CapacityModel.bytes(memory);
    if (cpu == null
        || bytes == null
        || (cpu.equals(st.cpu) && bytes.equals(CapacityModel.bytes(st.memory)))) {
      return vm;
    }
    String key = CapacityLedger.key(vm);
    String message;
    boolean fits = true;
    if (CapacityLedger.holdsCapacity(st.state)) {
      Optional<dev.kumo.reconcilers.scheduling.Reservation> old = sched.ledger().release(key);
      VmInstance copy = Serialization.clone(vm);
      copy.getSpec().placement = new Placement();
      copy.getSpec().placement.hostRef = st.hostRef;
      AffinityGroup group =
          spec.affinityGroupRef == null
              ? null
              : groups
                  .get(new ResourceID(spec.affinityGroupRef, vm.getMetadata().getNamespace()))
                  .orElse(null);
      ScheduleResult r = sched.schedule(copy, offering, group, 0, null, inventory());
      if (r instanceof ScheduleResult.Scheduled) {
        sched.ledger().bind(key);
      } else {
        fits = false;
        old.ifPresent(o -> sched.ledger().record(o));
      }
      message =
          fits
              ? "now "
                  + cpu
                  + " vCPU and "
                  + memory
                  + "; a running VM gets them at its next restart"
              : "host "
                  + st.hostRef
                  + " has no room for "
                  + cpu
                  + " vCPU and "
                  + memory
                  + ": "
                  + r.message();
    } else {
      message = "now " + cpu + " vCPU and " + memory + " (applied when the VM starts)";
    }
    boolean ok = fits;
    VmInstance after =
        setStatus(
            vm,
            s -> {
              if (ok) {
                s.cpu = cpu;
                s.memory = memory;
              }
              condition(
                  s,
                  "Resized",
                  ok ? ConditionStatus.True : ConditionStatus.False,
                  ok ? "Resized" : "NoCapacity",
                  message,
                  vm);
            },
            ok ? Events.NORMAL : Events.WARNING,
            ok ? "Resized" : "ResizeFailed",
            message);
    if (after != null && !ok) {
      events.record(vm, Events.WARNING, "ResizeFailed", message);
    }
    return after;
  }

  // ---------------------------------------------------------------------------------------------
  // References

  private static final class Resolved {
    String reason;
    String problem;
    InstanceOffering offering;
    AffinityGroup group;
    long rootDiskBytes;
  }

  private Resolved resolve(VmInstance vm) {
    VmInstanceSpec spec = vm.getSpec();
    Resolved r = new Resolved();
    String ns = vm.getMetadata().getNamespace();
    if (spec.instanceOfferingRef != null) {
      r.offering = offerings.get(new ResourceID(spec.instanceOfferingRef)).orElse(null);
      if (r.offering == null) {
        return problem(
            r,
            "InstanceOfferingNotFound",
            "InstanceOffering " + spec.instanceOfferingRef + " not found");
      }
    }
    Image image = images.get(new ResourceID(spec.imageRef)).orElse(null);
    if (image == null) {
      return problem(r, "ImageNotFound", "Image " + spec.imageRef + " not found");
    }
    if (image.getStatus() == null || image.getStatus().phase != ImagePhase.Ready) {
      return problem(
          r,
          "ImageNotReady",
          "Image "
              + spec.imageRef
              + " is "
              + (image.getStatus() == null || image.getStatus().phase == null
                  ? "not registered yet"
                  : image.getStatus().phase));
    }
    Long imageBytes = CapacityModel.bytes(image.getStatus().size);
    r.rootDiskBytes = imageBytes == null ? 0 : imageBytes;
    if (spec.rootDiskOfferingRef != null) {
      DiskOffering d = diskOfferings.get(new ResourceID(spec.rootDiskOfferingRef)).orElse(null);
      if (d == null) {
        return problem(
            r, "DiskOfferingNotFound", "DiskOffering " + spec.rootDiskOfferingRef + " not found");
      }
      Long b = d.getSpec() == null ? null : CapacityModel.bytes(d.getSpec().diskSize);
      r.rootDiskBytes = b == null ? r.rootDiskBytes : b;
    }
    if (spec.dataDiskOfferingRefs != null) {
      for (String d : spec.dataDiskOfferingRefs) {
        if (diskOfferings.get(new ResourceID(d)).isEmpty()) {
          return problem(r, "DiskOfferingNotFound", "DiskOffering " + d + " not found");
        }
      }
    }
    if (spec.volumeRefs != null) {
      for (String v : spec.volumeRefs) {
        if (volumes.get(new ResourceID(v, ns)).isEmpty()) {
          return problem(r, "VolumeNotFound", "Volume " + v + " not found in namespace " + ns);
        }
      }
    }
    if (spec.affinityGroupRef != null) {
      r.group = groups.get(new ResourceID(spec.affinityGroupRef, ns)).orElse(null);
      if (r.group == null) {
        return problem(
            r,
            "AffinityGroupNotFound",
            "AffinityGroup " + spec.affinityGroupRef + " not found in namespace " + ns);
      }
    }
    if (spec.nics != null) {
      for (NicSpec nic : spec.nics) {
        L3Network l3 = l3Networks.get(new ResourceID(nic.l3NetworkRef)).orElse(null);
        if (l3 == null) {
          return problem(r, "L3NetworkNotFound", "L3Network " + nic.l3NetworkRef + " not found");
        }
        Optional<IpAddress> mine = ownIp(vm, nic.l3NetworkRef);
        if (mine.isPresent()) {
          continue;
        }
        Collection<String> taken = takenIps(nic.l3NetworkRef);
        if (nic.ip != null) {
          IpDecision d = IpPlanner.requestStatic(l3, taken, nic.ip);
          if (d instanceof IpDecision.Refused refused) {
            return problem(r, "IpUnavailable", refused.message());
          }
        } else if (IpPlanner.counts(l3.getSpec(), taken).free() <= 0) {
          return problem(
              r, "IpExhausted", "L3Network " + nic.l3NetworkRef + " has no free address");
        }
      }
    }
    return r;
  }

  private static Resolved problem(Resolved r, String reason, String message) {
    r.reason = reason;
    r.problem = message;
    return r;
  }

  private Inventory inventory() {
    return Inventory.of(
        zones.list(z -> true).toList(),
        clusters.list(c -> true).toList(),
        hosts.list(h -> true).toList(),
        primaryStorages.list(p -> true).toList(),
        l3Networks.list(l -> true).toList(),
        Map.of(),
        config.get().scheduler());
  }

  // ---------------------------------------------------------------------------------------------
  // NICs

  private record NicsOutcome(
      List<NicStatus> nics, String defaultIp, String reason, String problem) {}

  private NicsOutcome allocateNics(VmInstance vm) {
    List<NicStatus> out = new ArrayList<>();
    List<NicSpec> specs = vm.getSpec().nics == null ? List.of() : vm.getSpec().nics;
    String defaultIp = null;
    for (int i = 0; i < specs.size(); i++) {
      NicSpec nic = specs.get(i);
      String name = nic.name != null ? nic.name : "eth" + i;
      L3Network l3 = l3Networks.get(new ResourceID(nic.l3NetworkRef)).orElse(null);
      if (l3 == null) {
        return new NicsOutcome(
            out, defaultIp, "L3NetworkNotFound", "L3Network " + nic.l3NetworkRef + " not found");
      }
      IpAddress ip;
      try {
        ip = ownIp(vm, nic.l3NetworkRef).orElse(null);
        if (ip != null && retained(ip)) {
          ip = adopt(ip, vm, false);
        }
        if (ip == null) {
          ip = allocate(vm, l3, nic, name, i);
        }
      } catch (AllocationException e) {
        return new NicsOutcome(out, defaultIp, e.reason, e.getMessage());
      }
      NicStatus ns = new NicStatus();
      ns.name = name;
      ns.l3NetworkRef = nic.l3NetworkRef;
      ns.ip = ip.getSpec().ip;
      ns.mac = ip.getSpec().mac;
      ns.ipAddressRef = ip.getMetadata().getName();
      ns.deviceId = i;
      IpRange range = rangeOf(l3, ns.ip);
      if (range != null) {
        ns.gateway = range.gateway;
        ns.prefixLength = prefix(range);
      }
      boolean isDefault =
          Boolean.TRUE.equals(nic.isDefault)
              || (i == 0 && specs.stream().noneMatch(n -> Boolean.TRUE.equals(n.isDefault)));
      ns.isDefault = isDefault;
      if (isDefault) {
        defaultIp = ns.ip;
      }
      out.add(ns);
    }
    return new NicsOutcome(out, defaultIp, null, null);
  }

  private static final class AllocationException extends Exception {
    private static final long serialVersionUID = 1L;
    final String reason;

    AllocationException(String reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  private IpAddress allocate(VmInstance vm, L3Network l3, NicSpec nic, String nicName, int deviceId)
      throws AllocationException {
    String l3Name = l3.getMetadata().getName();
    String vmKey = CapacityLedger.key(vm);
    for (int attempt = 0; attempt < 16; attempt++) {
      IpDecision d = ips.choose(l3, takenIps(l3Name), nic.ip);
      if (d instanceof IpDecision.Refused refused) {
        throw new AllocationException(
            refused.reason() == IpDecision.Reason.EXHAUSTED ? "IpExhausted" : "IpUnavailable",
            refused.message());
      }
      String address = ((IpDecision.Allocated) d).ip();
      String mac = nic.mac;
      if (mac == null) {
        mac =
            MacPlanner.fromSeed(vm.getMetadata().getUid() + "/" + nicName, deviceId, takenMacs(l3))
                .orElseThrow(
                    () -> new AllocationException("MacExhausted", "no free MAC address found"));
      }
      IpAddress obj = new IpAddress();
      obj.setMetadata(
          new ObjectMetaBuilder()
              .withName(IpAddressNames.of(l3Name, address))
              .addToLabels(Labels.L3_NETWORK, l3Name)
              .addToLabels(Labels.VM, vm.getMetadata().getName())
              .addToLabels(Labels.VM_NAMESPACE, vm.getMetadata().getNamespace())
              .build());
      IpAddressSpec s = new IpAddressSpec();
      s.l3NetworkRef = l3Name;
      s.ip = address;
      s.usedFor = IpUsage.VmNic;
      s.mac = mac;
      IpOwner owner = new IpOwner();
      owner.kind = VM_KIND;
      owner.namespace = vm.getMetadata().getNamespace();
      owner.name = vm.getMetadata().getName();
      owner.nic = nicName;
      s.owner = owner;
      obj.setSpec(s);
      try {
        IpAddress made = client.resource(obj).create();
        created.computeIfAbsent(vmKey, k -> new ConcurrentHashMap<>()).put(l3Name, made);
        return made;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          ips.forget(l3Name, address);
          throw e;
        }
        // Someone holds it: ours from an earlier pass whose create we did not see, or another VM's.
        IpAddress existing =
            client.resources(IpAddress.class).withName(obj.getMetadata().getName()).get();
        if (existing != null && ownedBy(existing, vm)) {
          created.computeIfAbsent(vmKey, k -> new ConcurrentHashMap<>()).put(l3Name, existing);
          return existing;
        }
        ips.markTaken(l3Name, address);
        if (nic.ip != null) {
          throw new AllocationException(
              "IpUnavailable", "IP " + nic.ip + " on L3Network " + l3Name + " is already in use");
        }
      }
    }
    throw new AllocationException(
        "IpConflict", "addresses kept being taken concurrently; retrying");
  }

  private Optional<IpAddress> ownIp(VmInstance vm, String l3Name) {
    Map<String, IpAddress> mine = created.get(CapacityLedger.key(vm));
    if (mine != null && mine.get(l3Name) != null) {
      return Optional.of(mine.get(l3Name));
    }
    return ipAddresses
        .list(ip -> l3Name.equals(ip.getSpec().l3NetworkRef) && ownedBy(ip, vm))
        .findFirst();
  }

  private static boolean ownedBy(IpAddress ip, VmInstance vm) {
    IpOwner o = ip.getSpec() == null ? null : ip.getSpec().owner;
    return o != null
        && VM_KIND.equals(o.kind)
        && vm.getMetadata().getName().equals(o.name)
        && Objects.equals(vm.getMetadata().getNamespace(), o.namespace);
  }

  private Collection<String> takenIps(String l3Name) {
    return ipAddresses
        .list(ip -> ip.getSpec() != null && l3Name.equals(ip.getSpec().l3NetworkRef))
        .map(ip -> ip.getSpec().ip)
        .toList();
  }

  private Collection<String> takenMacs(L3Network l3) {
    String l2 = l3.getSpec() == null ? null : l3.getSpec().l2NetworkRef;
    Set<String> sameL2 = new HashSet<>();
    l3Networks
        .list(o -> o.getSpec() != null && Objects.equals(l2, o.getSpec().l2NetworkRef))
        .forEach(o -> sameL2.add(o.getMetadata().getName()));
    return ipAddresses
        .list(ip -> ip.getSpec() != null && sameL2.contains(ip.getSpec().l3NetworkRef))
        .map(ip -> ip.getSpec().mac)
        .filter(Objects::nonNull)
        .toList();
  }

  private static IpRange rangeOf(L3Network l3, String ip) {
    long a = Ipv4.parse(ip);
    if (l3.getSpec() == null || l3.getSpec().ipRanges == null || a == Ipv4.INVALID) {
      return null;
    }
    for (IpRange r : l3.getSpec().ipRanges) {
      long lo = Ipv4.parse(r.startIp);
      long hi = Ipv4.parse(r.endIp);
      if (lo != Ipv4.INVALID && hi != Ipv4.INVALID && a >= lo && a <= hi) {
        return r;
      }
    }
    return null;
  }

  private static Integer prefix(IpRange r) {
    if (r.prefixLength != null) {
      return r.prefixLength;
    }
    long mask = r.netmask == null ? Ipv4.INVALID : Ipv4.parse(r.netmask);
    return mask == Ipv4.INVALID ? null : Long.bitCount(mask);
  }

  // ---------------------------------------------------------------------------------------------
  // Volumes

  private record VolumesOutcome(
      List<VolumeAttachment> attachments, boolean ready, String reason, String problem) {}

  private VolumesOutcome ensureVolumes(VmInstance vm) {
    VmInstanceSpec spec = vm.getSpec();
    VmInstanceStatus st = vm.getStatus();
    String ns = vm.getMetadata().getNamespace();
    detachRemoved(vm);
    List<VolumeAttachment> out = new ArrayList<>();
    boolean ready = true;
    List<Volume> wanted = new ArrayList<>();
    wanted.add(ownedVolume(vm, rootName(vm), VolumeType.Root, spec.imageRef, null, st));
    List<String> data = spec.dataDiskOfferingRefs == null ? List.of() : spec.dataDiskOfferingRefs;
    for (int i = 0; i < data.size(); i++) {
      wanted.add(
          ownedVolume(
              vm,
              vm.getMetadata().getName() + "-data-" + i,
              VolumeType.Data,
              null,
              data.get(i),
              st));
    }
    int device = 0;
    for (Volume want : wanted) {
      Volume have = volumes.get(ResourceID.fromResource(want)).orElse(null);
      if (have == null) {
        try {
          have = client.resource(want).create();
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
            throw e;
          }
          have = client.resource(want).get();
        }
      }
      if (have == null) {
        ready = false;
        continue;
      }
      if (have.getStatus() == null || have.getStatus().phase != VolumePhase.Ready) {
        // Not Ready in the cache: ask the API server, so that a lagging informer cannot hold a
        // VM back (one GET per pass, only while the VM waits for its volumes).
        Volume fresh = client.resource(have).get();
        if (fresh != null) {
          have = fresh;
        }
      }
      boolean mine =
          have.getMetadata().getOwnerReferences() != null
              && have.getMetadata().getOwnerReferences().stream()
                  .anyMatch(o -> vm.getMetadata().getUid().equals(o.getUid()));
      if (!mine) {
        if (!retained(have)) {
          return new VolumesOutcome(
              out,
              false,
              "VolumeConflict",
              "Volume " + have.getMetadata().getName() + " exists and belongs to something else");
        }
        have = adopt(have, vm, true);
        if (have == null) {
          ready = false;
          continue;
        }
      }
      if (have.getStatus() != null && have.getStatus().phase == VolumePhase.Error) {
        String message =
            Conditions.find(have.getStatus().conditions, ConditionTypes.READY)
                .map(c -> c.message)
                .orElse("failed");
        return new VolumesOutcome(
            out, false, "VolumeFailed", "Volume " + have.getMetadata().getName() + ": " + message);
      }
      ready &= have.getStatus() != null && have.getStatus().phase == VolumePhase.Ready;
      attach(have, vm, device);
      out.add(attachment(have, device++));
    }
    if (spec.volumeRefs != null) {
      // Data volumes keep their device while attached; a new one takes the lowest free position.
      Set<Integer> used = new HashSet<>();
      for (int i = 0; i < device; i++) {
        used.add(i);
      }
      Map<String, Integer> devices = new HashMap<>();
      for (String name : spec.volumeRefs) {
        Volume v = volumes.get(new ResourceID(name, ns)).orElse(null);
        Integer kept = v == null || v.getStatus() == null ? null : v.getStatus().deviceId;
        if (kept != null
            && vm.getMetadata().getName().equals(v.getStatus().attachedTo)
            && used.add(kept)) {
          devices.put(name, kept);
        }
      }
      for (String name : spec.volumeRefs) {
        Volume v = volumes.get(new ResourceID(name, ns)).orElse(null);
        if (v == null) {
          return new VolumesOutcome(out, false, "VolumeNotFound", "Volume " + name + " not found");
        }
        VolumeRules.Attach decision = attachDecision(v, vm);
        if (decision instanceof VolumeRules.Refuse r) {
          return new VolumesOutcome(out, false, r.reason(), r.message());
        }
        if (decision instanceof VolumeRules.Place p) {
          v = place(v, p);
          if (v == null || !p.host().equals(VolumeRules.hostOf(v))) {
            ready = false; // gone, or placed by another VM meanwhile: decided again next pass
            continue;
          }
        }
        Integer id = devices.get(name);
        if (id == null) {
          id = VolumeRules.freeDevice(used);
          used.add(id);
        }
        v = attach(v, vm, id);
        if (v == null) {
          ready = false;
          continue;
        }
        String holder = v.getStatus() == null ? null : v.getStatus().attachedTo;
        if (holder != null
            && !holder.equals(vm.getMetadata().getName())
            && !Boolean.TRUE.equals(v.getSpec().shareable)) {
          return new VolumesOutcome(
              out,
              false,
              "VolumeInUse",
              "Volume " + name + " is attached to VM " + holder + "; detach it there first");
        }
        ready &= v.getStatus() != null && v.getStatus().phase == VolumePhase.Ready;
        out.add(attachment(v, id));
      }
    }
    return new VolumesOutcome(out, ready, null, null);
  }

  /** Whether and where a volume listed in spec.volumeRefs can be attached ({@link VolumeRules}). */
  private VolumeRules.Attach attachDecision(Volume v, VmInstance vm) {
    VmInstanceStatus st = vm.getStatus();
    Cluster cluster =
        st.clusterRef == null ? null : clusters.get(new ResourceID(st.clusterRef)).orElse(null);
    List<String> clusterStorages =
        cluster == null || cluster.getSpec() == null ? null : cluster.getSpec().primaryStorageRefs;
    Map<String, PrimaryStorageType> types = new HashMap<>();
    primaryStorages
        .list(p -> p.getSpec() != null && p.getSpec().type != null)
        .forEach(p -> types.put(p.getMetadata().getName(), p.getSpec().type));
    return VolumeRules.attach(
        v, vm.getMetadata().getName(), st.hostRef, st.primaryStorageRef, clusterStorages, types);
  }

  /**
   * Places a NotInstantiated volume: its primary storage first, then the host label its node daemon
   * watches (which then creates the file there, ZStack's VmInstantiateAttachingVolumeFlow).
   */
  private Volume place(Volume v, VolumeRules.Place p) {
    Volume withStorage =
        Writes.status(
            client,
            v,
            x -> {
              if (x.getStatus() == null) {
                x.setStatus(new VolumeStatus());
              }
              if (VolumeRules.hostOf(x) != null) {
                return false;
              }
              x.getStatus().primaryStorageRef = p.primaryStorage();
              return true;
            });
    if (withStorage == null) {
      return null;
    }
    return Writes.object(
        client,
        withStorage,
        x -> {
          if (VolumeRules.hostOf(x) != null) {
            return false; // placed by another VM meanwhile: the attach decision runs again
          }
          if (x.getMetadata().getLabels() == null) {
            x.getMetadata().setLabels(new HashMap<>());
          }
          x.getMetadata().getLabels().put(Labels.HOST, p.host());
          return true;
        });
  }

  /**
   * Detaches the volumes this VM no longer lists in spec.volumeRefs (ZStack's DetachDataVolume):
   * status.attachedTo is cleared; the node daemon unplugs the disk as the VM's status.volumes no
   * longer names it. The VM's own volumes (root, offering data volumes) are never detached.
   */
  private void detachRemoved(VmInstance vm) {
    String name = vm.getMetadata().getName();
    String uid = vm.getMetadata().getUid();
    List<String> listed = vm.getSpec().volumeRefs == null ? List.of() : vm.getSpec().volumeRefs;
    volumes
        .list(
            v ->
                Objects.equals(vm.getMetadata().getNamespace(), v.getMetadata().getNamespace())
                    && v.getStatus() != null
                    && name.equals(v.getStatus().attachedTo)
                    && !listed.contains(v.getMetadata().getName())
                    && !name.equals(label(v, Labels.VM))
                    && (v.getMetadata().getOwnerReferences() == null
                        || v.getMetadata().getOwnerReferences().stream()
                            .noneMatch(o -> uid.equals(o.getUid()))))
        .forEach(
            v -> {
              Writes.status(
                  client,
                  v,
                  x -> {
                    if (x.getStatus() == null || !name.equals(x.getStatus().attachedTo)) {
                      return false;
                    }
                    x.getStatus().attachedTo = null;
                    x.getStatus().deviceId = null;
                    return true;
                  });
              events.record(
                  vm,
                  Events.NORMAL,
                  "VolumeDetached",
                  "Volume " + v.getMetadata().getName() + " was detached");
            });
  }

  private static String rootName(VmInstance vm) {
    return vm.getMetadata().getName() + "-root";
  }

  private static Volume ownedVolume(
      VmInstance vm,
      String name,
      VolumeType type,
      String imageRef,
      String diskOfferingRef,
      VmInstanceStatus st) {
    Volume v = new Volume();
    v.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(vm.getMetadata().getNamespace())
            .addToLabels(Labels.HOST, st.hostRef)
            .addToLabels(Labels.VM, vm.getMetadata().getName())
            .withOwnerReferences(ownerRef(vm))
            .build());
    VolumeSpec s = new VolumeSpec();
    s.type = type;
    s.imageRef = imageRef;
    s.diskOfferingRef = diskOfferingRef;
    s.primaryStorageRef = st.primaryStorageRef;
    v.setSpec(s);
    return v;
  }

  /**
   * Records on the volume which VM it is attached to, once it has a status to record it in. A
   * volume found attached to another VM on the fresh copy keeps that VM (the caller refuses it,
   * unless it is shareable, which keeps its first VM recorded).
   *
   * @return the volume as written or as found; null when it is gone
   */
  private Volume attach(Volume v, VmInstance vm, int deviceId) {
    VolumeStatus st = v.getStatus();
    String name = vm.getMetadata().getName();
    if (st == null
        || (name.equals(st.attachedTo) && Integer.valueOf(deviceId).equals(st.deviceId))) {
      return v;
    }
    return Writes.status(
        client,
        v,
        x -> {
          if (x.getStatus() == null
              || (x.getStatus().attachedTo != null && !name.equals(x.getStatus().attachedTo))) {
            return false;
          }
          x.getStatus().attachedTo = name;
          x.getStatus().deviceId = deviceId;
          return true;
        });
  }

  private static OwnerReference ownerRef(VmInstance vm) {
    return new OwnerReferenceBuilder()
        .withApiVersion(vm.getApiVersion())
        .withKind(vm.getKind())
        .withName(vm.getMetadata().getName())
        .withUid(vm.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static VolumeAttachment attachment(Volume v, int deviceId) {
    VolumeAttachment a = new VolumeAttachment();
    a.volumeRef = v.getMetadata().getName();
    a.type = v.getSpec() == null || v.getSpec().type == null ? "Data" : v.getSpec().type.name();
    a.deviceId = deviceId;
    a.device = "vd" + (char) ('a' + deviceId);
    a.size = v.getStatus() == null ? null : v.getStatus().size;
    return a;
  }

  // ---------------------------------------------------------------------------------------------
  // Deletion

  @Override
  public DeleteControl cleanup(VmInstance vm, Context<VmInstance> ctx) {
    HostScheduler sched = scheduler(ctx);
    String host = hostRef(vm);
    List<String> finalizers = vm.getMetadata().getFinalizers();
    if (finalizers != null && finalizers.contains(Finalizers.DOMAIN)) {
      Host h = host == null ? null : hosts.get(new ResourceID(host)).orElse(null);
      boolean connected =
          h != null
              && h.getStatus() != null
              && h.getStatus().connection == ConnectionStatus.Connected;
      if (connected) {
        // The node daemon destroys the domain and removes its finalizer.
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(WAIT_DOMAIN_MS);
      }
      // The host is gone or unreachable: forget the domain (the node daemon removes it as an
      // orphan if the host comes back), as ZStack deletes a VM of a disconnected host.
      Writes.object(
          client,
          vm,
          v ->
              v.getMetadata().getFinalizers() != null
                  && v.getMetadata().getFinalizers().remove(Finalizers.DOMAIN));
      events.record(
          vm,
          Events.WARNING,
          "HostUnreachable",
          "host "
              + host
              + " is "
              + (h == null ? "gone" : "not connected")
              + "; the VM was deleted without the host confirming its domain is gone");
    }
    GlobalConfig cfg = config.get();
    if (cfg.vmDeletionPolicy() == DeletionPolicy.Direct) {
      client
          .resources(IpAddress.class)
          .withLabel(Labels.VM, vm.getMetadata().getName())
          .withLabel(Labels.VM_NAMESPACE, vm.getMetadata().getNamespace())
          .delete();
    } else {
      retain(vm, cfg);
    }
    created.remove(CapacityLedger.key(vm));
    sched.ledger().release(CapacityLedger.key(vm));
    return DeleteControl.defaultDelete();
  }

  /**
   * Keeps a deleted VM's volumes and addresses (Delay and Never policies): they lose the VM as
   * owner, so the garbage collector leaves them, and carry the VM's uid and, under Delay, when the
   * expunger removes them. Re-creating the VM adopts them again.
   */
  private void retain(VmInstance vm, GlobalConfig cfg) {
    String uid = vm.getMetadata().getUid();
    String until =
        cfg.vmDeletionPolicy() == DeletionPolicy.Delay
            ? Instant.now().plus(cfg.vmExpungePeriod()).truncatedTo(ChronoUnit.SECONDS).toString()
            : null;
    Predicate<HasMetadata> mark =
        o -> {
          Map<String, String> a = o.getMetadata().getAnnotations();
          if (a == null) {
            a = new HashMap<>();
            o.getMetadata().setAnnotations(a);
          }
          a.put(Labels.RETAINED_FROM, uid);
          if (until != null) {
            a.put(Labels.EXPUNGE_AFTER, until);
          } else {
            a.remove(Labels.EXPUNGE_AFTER);
          }
          if (o.getMetadata().getOwnerReferences() != null) {
            o.getMetadata().getOwnerReferences().removeIf(r -> uid.equals(r.getUid()));
          }
          return true;
        };
    for (IpAddress ip :
        client
            .resources(IpAddress.class)
            .withLabel(Labels.VM, vm.getMetadata().getName())
            .withLabel(Labels.VM_NAMESPACE, vm.getMetadata().getNamespace())
            .list()
            .getItems()) {
      Writes.object(client, ip, mark::test);
    }
    for (Volume v :
        client
            .resources(Volume.class)
            .inNamespace(vm.getMetadata().getNamespace())
            .withLabel(Labels.VM, vm.getMetadata().getName())
            .list()
            .getItems()) {
      boolean owned =
          v.getMetadata().getOwnerReferences() != null
              && v.getMetadata().getOwnerReferences().stream()
                  .anyMatch(r -> uid.equals(r.getUid()));
      if (owned) {
        Writes.object(client, v, mark::test);
      }
    }
    events.record(
        vm,
        Events.NORMAL,
        "Destroyed",
        "the VM's volumes and addresses are kept "
            + (until == null ? "(deletion policy Never)" : "until " + until)
            + "; create VmInstance "
            + vm.getMetadata().getNamespace()
            + "/"
            + vm.getMetadata().getName()
            + " again to recover them");
  }

  /** Whether {@code o} was kept from a deleted VM (and may be adopted by its successor). */
  private static boolean retained(HasMetadata o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    return a != null && a.containsKey(Labels.RETAINED_FROM);
  }

  /** Takes a retained object back: {@code vm} owns it again (volumes) and it expires no more. */
  private <T extends HasMetadata> T adopt(T o, VmInstance vm, boolean own) {
    T out =
        Writes.object(
            client,
            o,
            x -> {
              if (x.getMetadata().getAnnotations() != null) {
                x.getMetadata().getAnnotations().remove(Labels.RETAINED_FROM);
                x.getMetadata().getAnnotations().remove(Labels.EXPUNGE_AFTER);
              }
              if (own) {
                x.getMetadata().setOwnerReferences(new ArrayList<>(List.of(ownerRef(vm))));
              }
              return true;
            });
    events.record(
        vm,
        Events.NORMAL,
        "Recovered",
        "took back " + o.getKind() + " " + o.getMetadata().getName() + " kept from a deleted VM");
    return out;
  }

  private static final String MAINTENANCE = "HostMaintenance";

  /** Why the VM's host cannot keep it running, or null when it can. */
  private static String evictionReason(Host h) {
    if (h == null) {
      return "HostDeleted";
    }
    if (h.getMetadata().getDeletionTimestamp() != null) {
      return "HostDeleting";
    }
    if (h.getSpec() != null && h.getSpec().state == MaintainableState.Maintenance) {
      return MAINTENANCE;
    }
    return null;
  }

  private static String evictionMessage(String host, String reason) {
    return switch (reason) {
      case MAINTENANCE ->
          "host "
              + host
              + " is in Maintenance: the VM is stopped (its storage does not allow migration)"
              + " and starts again when the host is Enabled";
      case "HostDeleting" -> "host " + host + " is being deleted: the VM is stopped";
      default -> "host " + host + " was deleted";
    };
  }

  /**
   * Takes a stopped VM off a host that is going away (ZStack stops the VMs of a deleted host): no
   * host, no capacity held, no label; the node daemon then undefines the domain. The VM stays
   * Stopped until it can be placed again.
   */
  private UpdateControl<VmInstance> unplace(
      VmInstance vm, String host, String reason, HostScheduler sched) {
    String message = evictionMessage(host, reason);
    VmInstance after =
        Writes.status(
            client,
            vm,
            v -> {
              VmInstanceStatus s = status(v);
              if (!host.equals(s.hostRef)) {
                return false;
              }
              s.hostRef = null;
              s.clusterRef = null;
              s.zoneRef = null;
              s.state = VmState.Stopped;
              condition(s, ConditionTypes.SCHEDULED, ConditionStatus.False, reason, message, v);
              condition(s, ConditionTypes.EVICTED, ConditionStatus.True, reason, message, v);
              condition(s, ConditionTypes.READY, ConditionStatus.False, reason, message, v);
              return true;
            });
    sched.ledger().release(CapacityLedger.key(vm));
    if (after != null) {
      Writes.object(
          client,
          after,
          v ->
              v.getMetadata().getLabels() != null
                  && v.getMetadata().getLabels().remove(Labels.HOST) != null);
      events.record(vm, Events.WARNING, reason, message + "; the VM left it");
    }
    return UpdateControl.<VmInstance>noUpdate().rescheduleAfter(RETRY_UNSCHEDULABLE_MS);
  }

  /**
   * The VM as the scheduler must see it: a VM whose root volume already exists on a host's local
   * storage (kept from a deleted VM, or left on a host the VM was taken off) goes back to the host
   * and primary storage holding that volume.
   */
  private VmInstance pinned(VmInstance vm) {
    Volume root =
        volumes.get(new ResourceID(rootName(vm), vm.getMetadata().getNamespace())).orElse(null);
    if (root == null || label(root, Labels.HOST) == null) {
      return vm;
    }
    PrimaryStorage ps =
        root.getSpec() == null || root.getSpec().primaryStorageRef == null
            ? null
            : primaryStorages.get(new ResourceID(root.getSpec().primaryStorageRef)).orElse(null);
    boolean local =
        ps != null && ps.getSpec() != null && ps.getSpec().type == PrimaryStorageType.LocalStorage;
    if (!retained(root) && !local) {
      return vm;
    }
    VmInstance copy = Serialization.clone(vm);
    if (copy.getSpec().placement == null) {
      copy.getSpec().placement = new Placement();
    }
    copy.getSpec().placement.hostRef = label(root, Labels.HOST);
    if (root.getSpec() != null && root.getSpec().primaryStorageRef != null) {
      copy.getSpec().primaryStorageRef = root.getSpec().primaryStorageRef;
    }
    return copy;
  }

  // ---------------------------------------------------------------------------------------------
  // Status

  private interface StatusChange {
    void apply(VmInstanceStatus status);
  }

  /**
   * Writes the status change; records an event when the Ready condition's reason changes to {@code
   * eventReason} (events are for transitions, not for every pass).
   */
  private VmInstance setStatus(
      VmInstance vm, StatusChange change, String eventType, String eventReason, String message) {
    String before =
        vm.getStatus() == null
            ? null
            : Conditions.find(vm.getStatus().conditions, ConditionTypes.READY)
                .map(c -> c.reason)
                .orElse(null);
    VmInstance after =
        Writes.status(
            client,
            vm,
            v -> {
              change.apply(status(v));
              return true;
            });
    if (eventType != null && after != null && !Objects.equals(before, readyReason(after))) {
      events.record(vm, eventType, eventReason, message);
    }
    return after;
  }

  private static String readyReason(VmInstance vm) {
    return vm.getStatus() == null
        ? null
        : Conditions.find(vm.getStatus().conditions, ConditionTypes.READY)
            .map(c -> c.reason)
            .orElse(null);
  }

  private static VmInstanceStatus status(VmInstance vm) {
    if (vm.getStatus() == null) {
      vm.setStatus(new VmInstanceStatus());
    }
    if (vm.getStatus().conditions == null) {
      vm.getStatus().conditions = new ArrayList<>();
    }
    return vm.getStatus();
  }

  private static void condition(
      VmInstanceStatus s,
      String type,
      ConditionStatus status,
      String reason,
      String message,
      VmInstance vm) {
    Condition c = new Condition(type, status, reason, message);
    c.observedGeneration = generation(vm);
    Conditions.set(s.conditions, c, Instant.now());
  }

  private static long generation(VmInstance vm) {
    Long g = vm.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }

  private static String annotation(HasMetadata o, String key) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    return a == null ? null : a.get(key);
  }

  private static String label(HasMetadata o, String key) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
