package dev.kumo.api.network.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An L3 network (三层网络): an IPv4 subnet on an L2 network, with the ranges Kumo allocates VM
 * addresses from, DNS settings and the network services (DHCP, DNS, user data, EIP, ...) it offers.
 */
@Group("network.kumo.dev")
@Version("v1alpha1")
@ShortNames("l3")
@Categories("kumo")
@AdditionalPrinterColumn(
    name = "L2",
    jsonPath = ".spec.l2NetworkRef",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Category",
    jsonPath = ".spec.category",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "CIDR",
    jsonPath = ".status.cidr",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Used",
    jsonPath = ".status.usedIps",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Free",
    jsonPath = ".status.freeIps",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Strategy",
    jsonPath = ".spec.ipAllocationStrategy",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class L3Network extends CustomResource<L3NetworkSpec, L3NetworkStatus> {}
