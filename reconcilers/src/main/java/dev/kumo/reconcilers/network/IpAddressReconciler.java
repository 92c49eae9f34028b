package dev.kumo.reconcilers.network;

import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.compute.v1alpha1.VmInstance;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.IpAddressStatus;
import dev.kumo.api.network.v1alpha1.IpOwner;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.reconcilers.infra.Informers;
import dev.kumo.reconcilers.infra.StatusConditions;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IpAddress controller: fills {@code status.ipRange}, {@code prefixLength} and {@code gateway}
 * from the address's L3 network (Ready=True reason Allocated, or False with L3NetworkNotFound or
 * OutOfRange), and sweeps orphans: an address whose owner VmInstance no longer exists and that is
 * older than the grace period is deleted ({@link IpAddressRules#orphanIn}).
 */
@ControllerConfiguration(name = IpAddressReconciler.NAME, generationAwareEventProcessing = false)
public class IpAddressReconciler implements Reconciler<IpAddress> {
  /** The controller's name. */
  public static final String NAME = "ip-address";

  /** How old an orphan must be before it is swept, by default. */
  public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofSeconds(60);

  static final String VMS = "ip-address-vms";
  static final String L3S = "ip-address-l3-networks";

  private static final Logger LOG = LoggerFactory.getLogger(IpAddressReconciler.class);

  private final KubernetesClient client;
  private final Duration orphanGrace;
  private final Clock clock;

  /** A controller writing through {@code client}, sweeping orphans after 60 s. */
  public IpAddressReconciler(KubernetesClient client) {
    this(client, DEFAULT_ORPHAN_GRACE, Clock.systemUTC());
  }

  /** A controller with its own orphan grace period and clock. */
  public IpAddressReconciler(KubernetesClient client, Duration orphanGrace, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.orphanGrace = Objects.requireNonNull(orphanGrace, "orphanGrace");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<EventSource<?, IpAddress>> prepareEventSources(
      EventSourceContext<IpAddress> context) {
    return List.of(
        Informers.source(
            VMS,
            VmInstance.class,
            context,
            vm -> Informers.idsOf(context.getPrimaryCache().list(ip -> ownedBy(ip, vm)))),
        Informers.source(
            L3S,
            L3Network.class,
            context,
            l3 ->
                Informers.idsOf(
                    context
                        .getPrimaryCache()
                        .list(ip -> L3Rules.belongsTo(ip, l3.getMetadata().getName())))));
  }

  private static boolean ownedBy(IpAddress ip, VmInstance vm) {
    IpOwner owner = ip.getSpec() == null ? null : ip.getSpec().owner;
    return owner != null
        && IpAddressRules.VM_KIND.equals(owner.kind)
        && vm.getMetadata().getName().equals(owner.name)
        && Objects.equals(vm.getMetadata().getNamespace(), owner.namespace);
  }

  @Override
  public UpdateControl<IpAddress> reconcile(IpAddress ip, Context<IpAddress> context) {
    if (ip.getMetadata().getDeletionTimestamp() != null || ip.getSpec() == null) {
      return UpdateControl.noUpdate();
    }
    Instant now = clock.instant();
    IpOwner owner = ip.getSpec().owner;
    boolean ownerExists =
        owner != null
            && Informers.get(context, VmInstance.class, VMS, owner.name, owner.namespace)
                .isPresent();
    Duration orphanIn = IpAddressRules.orphanIn(ip, ownerExists, now, orphanGrace);
    if (Duration.ZERO.equals(orphanIn) && sweep(ip, owner)) {
      return UpdateControl.noUpdate();
    }
    L3Network l3 =
        Informers.get(context, L3Network.class, L3S, ip.getSpec().l3NetworkRef, null).orElse(null);
    IpAddressRules.Details details = IpAddressRules.details(ip, l3);
    Long generation = ip.getMetadata().getGeneration();
    Writes.status(
        client,
        ip,
        a -> {
          if (a.getStatus() == null) {
            a.setStatus(new IpAddressStatus());
          }
          IpAddressStatus s = a.getStatus();
          s.ipRange = details.ipRange();
          s.prefixLength = details.prefixLength();
          s.gateway = details.gateway();
          StatusConditions.put(s, ConditionTypes.READY, details.ready(), generation, now);
          s.observedGeneration = generation;
          return true;
        });
    return orphanIn == null || orphanIn.isZero()
        ? UpdateControl.noUpdate()
        : UpdateControl.<IpAddress>noUpdate().rescheduleAfter(orphanIn.toMillis() + 100);
  }

  /**
   * Deletes an orphan after asking the API server that its owner is really gone (the cache may
   * lag), with the resourceVersion seen so that an address re-allocated meanwhile is kept.
   *
   * @return true when the address was deleted
   */
  private boolean sweep(IpAddress ip, IpOwner owner) {
    VmInstance live =
        client.resources(VmInstance.class).inNamespace(owner.namespace).withName(owner.name).get();
    if (live != null) {
      return false;
    }
    try {
      client.resource(ip).lockResourceVersion(ip.getMetadata().getResourceVersion()).delete();
      LOG.info(
          "deleted orphaned IpAddress {}: its VmInstance {}/{} no longer exists",
          ip.getMetadata().getName(),
          owner.namespace,
          owner.name);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND
          || e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return true; // gone already, or changed: its next event decides again
      }
      throw e;
    }
  }
}
