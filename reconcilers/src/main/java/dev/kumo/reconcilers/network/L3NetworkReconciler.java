package dev.kumo.reconcilers.network;

import dev.kumo.api.Labels;
import dev.kumo.api.common.Condition;
import dev.kumo.api.common.ConditionTypes;
import dev.kumo.api.network.v1alpha1.IpAddress;
import dev.kumo.api.network.v1alpha1.L2Network;
import dev.kumo.api.network.v1alpha1.L3Network;
import dev.kumo.api.network.v1alpha1.L3NetworkStatus;
import dev.kumo.reconcilers.infra.Events;
import dev.kumo.reconcilers.infra.Informers;
import dev.kumo.reconcilers.infra.Owners;
import dev.kumo.reconcilers.infra.StatusConditions;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import dev.kumo.reconcilers.ipam.IpPlanner;
import dev.kumo.reconcilers.offering.InUse;
import dev.kumo.reconcilers.support.Writes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The L3Network controller: ZStack's IP range rules ({@link L3Rules}) as Ready=False reason
 * InvalidIpRange, IpRangeOverlap or NoIpRange with a Warning Event; L2NetworkNotFound while its L2
 * is missing; {@code status.cidr}, {@code gateway}, {@code totalIps}, {@code usedIps} and {@code
 * freeIps} from its {@code IpAddress} objects. While addresses of VM NICs exist the network carries
 * {@link dev.kumo.api.Finalizers#IN_USE}; deleting it then waits (Ready=False reason InUse naming
 * the VMs, Warning Event DeletionBlocked) unless it is annotated {@value #FORCE_DELETE}{@code :
 * "true"}, or it is deleted with its L2 network. The network is owned by its L2 network (ZStack's
 * cascade: deleting an L2 network, or the zone above it, deletes its L3 networks; {@link Owners}).
 */
@ControllerConfiguration(
    name = L3NetworkReconciler.NAME,
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
public class L3NetworkReconciler implements Reconciler<L3Network> {
  /** The controller's name. */
  public static final String NAME = "l3-network";

  /** Annotation that lets an L3 network in use be deleted anyway. */
  public static final String FORCE_DELETE = "kumo.dev/force-delete";

  static final String IPS = "l3-ip-addresses";
  static final String L2S = "l3-l2-networks";
  static final String SIBLINGS = "l3-siblings";

  private static final Set<String> RANGE_PROBLEMS =
      Set.of("InvalidIpRange", "IpRangeOverlap", "NoIpRange");

  private final KubernetesClient client;

  /** A controller writing through {@code client}. */
  public L3NetworkReconciler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public List<EventSource<?, L3Network>> prepareEventSources(
      EventSourceContext<L3Network> context) {
    return List.of(
        Informers.source(
            IPS,
            IpAddress.class,
            context,
            ip -> {
              Map<String, String> labels = ip.getMetadata().getLabels();
              String l3 =
                  labels != null && labels.containsKey(Labels.L3_NETWORK)
                      ? labels.get(Labels.L3_NETWORK)
                      : ip.getSpec() == null ? null : ip.getSpec().l3NetworkRef;
              return Informers.ids(l3);
            }),
        Informers.source(
            L2S,
            L2Network.class,
            context,
            l2 ->
                Informers.idsOf(
                    context
                        .getPrimaryCache()
                        .list(
                            l3 ->
                                l3.getSpec() != null
                                    && l2.getMetadata()
                                        .getName()
                                        .equals(l3.getSpec().l2NetworkRef)))),
        // a change of one L3 network may make or end an overlap with the others on its L2
        Informers.source(
            SIBLINGS,
            L3Network.class,
            context,
            changed ->
                Informers.idsOf(
                    context
                        .getPrimaryCache()
                        .list(
                            l3 ->
                                l3.getSpec() != null
                                    && changed.getSpec() != null
                                    && !l3.getMetadata()
                                        .getName()
                                        .equals(changed.getMetadata().getName())
                                    && Objects.equals(
                                        l3.getSpec().l2NetworkRef,
                                        changed.getSpec().l2NetworkRef)))));
  }

  @Override
  public UpdateControl<L3Network> reconcile(L3Network l3, Context<L3Network> context) {
    if (context.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    String name = l3.getMetadata().getName();
    String l2Ref = l3.getSpec().l2NetworkRef;
    L2Network l2 = Informers.get(context, L2Network.class, L2S, l2Ref, null).orElse(null);
    List<IpAddress> ips =
        Informers.list(context, IpAddress.class, IPS, ip -> L3Rules.belongsTo(ip, name));
    List<String> users = L3Rules.nicUsers(ips);
    // deleted with its L2 network (by itself or with its zone): ZStack deletes everything beneath.
    // The L2 network it names is gone or going; the owner reference is not relied on alone, as the
    // garbage collector may strip a reference to a deleted owner.
    boolean cascade =
        InUse.deleting(l3)
            && (l2 == null || InUse.deleting(l2) || Owners.ownerGoing(l3, L2Network.class, l2));
    boolean force =
        cascade
            || "true"
                .equals(
                    l3.getMetadata().getAnnotations() == null
                        ? null
                        : l3.getMetadata().getAnnotations().get(FORCE_DELETE));
    InUse.Decision decision =
        InUse.decide(InUse.hasFinalizer(l3), InUse.deleting(l3), !users.isEmpty(), force);
    L3Network current = InUse.apply(client, l3, decision);
    if (current == null || (InUse.deleting(current) && !decision.blocked())) {
      return UpdateControl.noUpdate();
    }
    current = Owners.ensure(client, current, L2Network.class, l2Ref, l2);
    if (current == null) {
      return UpdateControl.noUpdate();
    }
    boolean l2Exists = l2 != null;
    List<L3Network> others = Informers.list(context, L3Network.class, SIBLINGS, o -> true);
    Verdict ranges = L3Rules.ranges(current, others);
    Verdict ready;
    if (decision.blocked()) {
      ready = Verdict.no("InUse", InUse.blockedMessage(current, users));
    } else if (!l2Exists) {
      ready = Verdict.no("L2NetworkNotFound", "L2 network " + l2Ref + " does not exist");
    } else if (ranges != null) {
      ready = ranges;
    } else {
      ready = L3Rules.enabled(current.getSpec().state);
    }
    L3Rules.Subnet subnet = L3Rules.subnet(current.getSpec());
    IpPlanner.Counts counts = IpPlanner.counts(current.getSpec(), IpPlanner.takenIps(name, ips));
    Long generation = current.getMetadata().getGeneration();
    Instant now = Instant.now();
    AtomicReference<Condition> before = new AtomicReference<>();
    L3Network written =
        Writes.status(
            client,
            current,
            n -> {
              if (n.getStatus() == null) {
                n.setStatus(new L3NetworkStatus());
              }
              L3NetworkStatus s = n.getStatus();
              before.set(StatusConditions.find(s, ConditionTypes.READY).orElse(null));
              s.cidr = subnet.cidr();
              s.gateway = subnet.gateway();
              s.totalIps = counts.total();
              s.usedIps = counts.used();
              s.freeIps = counts.free();
              StatusConditions.put(s, ConditionTypes.READY, ready, generation, now);
              s.observedGeneration = generation;
              return true;
            });
    if (written != null && StatusConditions.changed(before.get(), ready)) {
      if (decision.blocked()) {
        Events.record(client, written, Events.WARNING, "DeletionBlocked", ready.message());
      } else if (RANGE_PROBLEMS.contains(ready.reason())) {
        Events.record(client, written, Events.WARNING, ready.reason(), ready.message());
      }
    }
    return UpdateControl.noUpdate();
  }
}
