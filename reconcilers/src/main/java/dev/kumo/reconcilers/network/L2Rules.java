package dev.kumo.reconcilers.network;

import dev.kumo.api.network.v1alpha1.L2Network;
import dev.kumo.api.network.v1alpha1.L2NetworkType;
import dev.kumo.api.network.v1alpha1.VniRange;
import dev.kumo.reconcilers.infra.StatusConditions.Verdict;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * The L2 network's Ready as a pure function. A Vxlan network needs its VxlanPool, a VNI inside the
 * pool's ranges and not taken by an older Vxlan network of the same pool (ZStack's
 * L2NetworkApiInterceptor rules for VXLAN).
 */
public final class L2Rules {
  private L2Rules() {}

  /** Ready of {@code l2} among all L2 networks {@code all} (its zone is known to exist). */
  public static Verdict ready(L2Network l2, Collection<L2Network> all) {
    if (l2.getSpec().type != L2NetworkType.Vxlan) {
      return Verdict.ok("Ready", "the L2 network is usable");
    }
    String poolRef = l2.getSpec().poolRef;
    L2Network pool =
        all.stream()
            .filter(o -> o.getMetadata().getName().equals(poolRef))
            .findFirst()
            .orElse(null);
    if (pool == null) {
      return Verdict.no("L2NetworkNotFound", "VxlanPool " + poolRef + " does not exist");
    }
    if (pool.getSpec() == null || pool.getSpec().type != L2NetworkType.VxlanPool) {
      return Verdict.no("InvalidPool", "L2 network " + poolRef + " is not a VxlanPool");
    }
    Integer vni = l2.getSpec().vni;
    boolean inRange = false;
    if (pool.getSpec().vniRanges != null && vni != null) {
      for (VniRange r : pool.getSpec().vniRanges) {
        if (r.start != null && r.end != null && r.start <= vni && vni <= r.end) {
          inRange = true;
        }
      }
    }
    if (!inRange) {
      return Verdict.no(
          "VniOutOfRange", "VNI " + vni + " is not inside the VNI ranges of VxlanPool " + poolRef);
    }
    Comparator<L2Network> age =
        Comparator.comparing(
                (L2Network n) ->
                    Objects.requireNonNullElse(n.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(n -> n.getMetadata().getName());
    for (L2Network other : all) {
      if (other != l2
          && !other.getMetadata().getName().equals(l2.getMetadata().getName())
          && other.getSpec() != null
          && other.getSpec().type == L2NetworkType.Vxlan
          && poolRef.equals(other.getSpec().poolRef)
          && vni.equals(other.getSpec().vni)
          && age.compare(other, l2) < 0) {
        return Verdict.no(
            "VniInUse",
            "VNI "
                + vni
                + " of VxlanPool "
                + poolRef
                + " is used by L2 network "
                + other.getMetadata().getName());
      }
    }
    return Verdict.ok("Ready", "the L2 network is usable");
  }
}
