package dev.kumo.apiserver.clients;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** The test operator's primary resource: {@code widgets.test.kumo.dev/v1}. */
@Group("test.kumo.dev")
@Version("v1")
public class Widget extends CustomResource<Widget.Spec, Widget.Status> implements Namespaced {

  /** What the widget should be. */
  public static class Spec {
    private int size;
    private String message;

    public int getSize() {
      return size;
    }

    public void setSize(int size) {
      this.size = size;
    }

    public String getMessage() {
      return message;
    }

    public void setMessage(String message) {
      this.message = message;
    }
  }

  /** What the operator last did. */
  public static class Status {
    private String state;
    private Long observedGeneration;

    public String getState() {
      return state;
    }

    public void setState(String state) {
      this.state = state;
    }

    public Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }
  }
}
