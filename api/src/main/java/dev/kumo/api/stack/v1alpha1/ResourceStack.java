package dev.kumo.api.stack.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A resource stack (资源栈): one instance of a template with its parameter values. Kumo creates the
 * template's resources in dependency order, owns them, rolls back on failure when asked, applies
 * template or parameter changes as a diff, and deletes everything it created when the stack goes.
 */
@Group("stack.kumo.dev")
@Version("v1alpha1")
@ShortNames("stack")
@Categories("kumo")
@AdditionalPrinterColumn(
    name = "State",
    jsonPath = ".status.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Template",
    jsonPath = ".spec.templateRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Resources",
    jsonPath = ".status.readyResources",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ResourceStack extends CustomResource<ResourceStackSpec, ResourceStackStatus>
    implements Namespaced {}
