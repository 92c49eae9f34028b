package dev.kumo.reconcilers.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.api.network.v1alpha1.L2Network;
import dev.kumo.api.network.v1alpha1.L2NetworkSpec;
import dev.kumo.api.network.v1alpha1.L2NetworkType;
import dev.kumo.api.network.v1alpha1.VniRange;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import org.junit.jupiter.api.Test;

class L2RulesTest {
  static L2Network l2(String name, L2NetworkType type, String created) {
    L2Network n = new L2Network();
    n.setMetadata(new ObjectMeta());
    n.getMetadata().setName(name);
    n.getMetadata().setCreationTimestamp(created);
    n.setSpec(new L2NetworkSpec());
    n.getSpec().type = type;
    return n;
  }

  static L2Network vxlan(String name, String pool, int vni, String created) {
    L2Network n = l2(name, L2NetworkType.Vxlan, created);
    n.getSpec().poolRef = pool;
    n.getSpec().vni = vni;
    return n;
  }

  @Test
  void vxlanNeedsItsPoolAFreeVniInsideItsRanges() {
    L2Network pool = l2("pool", L2NetworkType.VxlanPool, "2025-01-01T00:00:00Z");
    VniRange r = new VniRange();
    r.start = 100;
    r.end = 200;
    pool.getSpec().vniRanges = List.of(r);
    L2Network a = vxlan("a", "pool", 150, "2025-01-01T00:00:01Z");
    L2Network b = vxlan("b", "pool", 150, "2025-01-01T00:00:02Z");
    L2Network c = vxlan("c", "pool", 300, "2025-01-01T00:00:03Z");
    L2Network d = vxlan("d", "nopool", 150, "2025-01-01T00:00:03Z");
    List<L2Network> all = List.of(pool, a, b, c, d);
    assertTrue(L2Rules.ready(a, all).isTrue());
    assertEquals("VniInUse", L2Rules.ready(b, all).reason());
    assertEquals(
        "VNI 150 of VxlanPool pool is used by L2 network a", L2Rules.ready(b, all).message());
    assertEquals("VniOutOfRange", L2Rules.ready(c, all).reason());
    assertEquals("L2NetworkNotFound", L2Rules.ready(d, all).reason());
    L2Network notAPool = vxlan("e", "a", 150, null);
    assertEquals("InvalidPool", L2Rules.ready(notAPool, all).reason());
    assertTrue(L2Rules.ready(l2("flat", L2NetworkType.NoVlan, null), all).isTrue());
  }
}
