package org.edgegen.sim;

/**
 * What a run had to survive: slot timeouts, episodes re-run after them, and late messages of aborted attempts
 * that were discarded. All zero in a healthy run.
 */
public record RunReport(long timeouts, long episodesRerun, long staleMessages) {

    public static final RunReport CLEAN = new RunReport(0, 0, 0);
}
