package dev.kumo.api.common;

/** Whether Kumo can reach an agent-backed resource (a host or a storage), as ZStack reports it. */
public enum ConnectionStatus {
  Connecting,
  Connected,
  Disconnected
}
