package org.edgegen.model.slot;

/** Where a task was generated; FAILED covers invalid actions and tasks dropped at a full server. */
public enum Path { LOCAL, HOME, NEIGHBOUR, FAILED }
