package dev.kumo.api.network.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An allocated IP address (ZStack's UsedIp). Its name is derived from the L3 network and the
 * address ({@code <l3>.<a>-<b>-<c>-<d>}), so creating it is the lock: two allocations of one
 * address cannot both succeed.
 */
@Group("network.kumo.dev")
@Version("v1alpha1")
@ShortNames("ip")
@Categories("kumo")
@AdditionalPrinterColumn(
    name = "L3",
    jsonPath = ".spec.l3NetworkRef",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "IP",
    jsonPath = ".spec.ip",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Used-For",
    jsonPath = ".spec.usedFor",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Owner",
    jsonPath = ".spec.owner.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "MAC",
    jsonPath = ".spec.mac",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class IpAddress extends CustomResource<IpAddressSpec, IpAddressStatus> {}
