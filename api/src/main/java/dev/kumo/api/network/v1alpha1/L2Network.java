package dev.kumo.api.network.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An L2 network (二层网络): a broadcast domain — a flat physical network (NoVlan), a VLAN on a physical
 * interface, or a VXLAN segment carved from a VxlanPool. Attach it to clusters with
 * Cluster.spec.l2NetworkRefs; L3 networks sit on top of it.
 */
@Group("network.kumo.dev")
@Version("v1alpha1")
@ShortNames("l2")
@Categories("kumo")
@AdditionalPrinterColumn(
    name = "Type",
    jsonPath = ".spec.type",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Interface",
    jsonPath = ".spec.physicalInterface",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "VLAN",
    jsonPath = ".spec.vlanId",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "VNI",
    jsonPath = ".spec.vni",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Zone",
    jsonPath = ".spec.zoneRef",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class L2Network extends CustomResource<L2NetworkSpec, L2NetworkStatus> {}
