package dev.kumo.apiserver.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kumo.apiserver.schema.StructuralSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test inputs: JSON with single quotes, the VM schema of k8s-api-surface.md §2.4, real CRDs. */
final class TestObjects {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String API_VERSION = "compute.kumo.dev/v1alpha1";

  private TestObjects() {}

  /** Parses JSON written with ' instead of " for readability. */
  static ObjectNode json(String singleQuoted) {
    try {
      return (ObjectNode) JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON as is. */
  static JsonNode raw(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A VM schema with a set list ({@code l3NetworkRefs}), a map list keyed by name ({@code nics}),
   * an atomic list ({@code tags}), a granular map ({@code env}), an atomic object ({@code
   * placement}), a preserve-unknown-fields object ({@code extra}) and a status.
   */
  static StructuralSchema vmSchema() {
    return StructuralSchema.parse(
        json(
            """
            {'type':'object','properties':{
              'spec':{'type':'object','properties':{
                'cpuNum':{'type':'integer'},
                'memorySize':{'type':'string'},
                'l3NetworkRefs':{'type':'array','items':{'type':'string'},'x-kubernetes-list-type':'set'},
                'nics':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],
                  'items':{'type':'object','required':['name'],'properties':{
                    'name':{'type':'string'},'l3':{'type':'string'},'ip':{'type':'string'}}}},
                'ports':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['port','protocol'],
                  'items':{'type':'object','properties':{
                    'port':{'type':'integer'},'protocol':{'type':'string','default':'TCP'}}}},
                'tags':{'type':'array','items':{'type':'string'}},
                'env':{'type':'object','additionalProperties':{'type':'string'}},
                'placement':{'type':'object','x-kubernetes-map-type':'atomic','properties':{
                  'zone':{'type':'string'},'host':{'type':'string'}}},
                'extra':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}},
              'status':{'type':'object','properties':{
                'state':{'type':'string'},'observedGeneration':{'type':'integer'},
                'conditions':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['type'],
                  'items':{'type':'object','properties':{'type':{'type':'string'},'status':{'type':'string'}}}}}}}}
            """));
  }

  /** The openAPIV3Schema of a CRD in /work/main/crds (or the worktree's crds/). */
  static StructuralSchema crdSchema(String file) {
    try {
      Path path = Path.of("..", "crds", file);
      JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(path));
      return StructuralSchema.parse(
          crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
