package org.edgegen.report;

/** One policy's line of {@code comparison.csv}: what all its tasks of the evaluation episodes came to. */
public record ComparisonRow(String policy, TaskStats stats) {}
