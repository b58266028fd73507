package org.edgegen.model.slot;

/** What the home BS tells an offloading user about its task: how it was served and downloaded, or that it was dropped. */
public record Delivery(int userId, TaskOutcome.OffloadTrace trace, boolean dropped) {}
