package dev.kumo.apiserver.patch;

/** Placeholder until the patch branch lands. */
public class PatchException extends RuntimeException {
  public PatchException(String message) {
    super(message);
  }
}
