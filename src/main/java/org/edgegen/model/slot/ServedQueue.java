package org.edgegen.model.slot;

import java.util.List;
import org.edgegen.model.queue.Service;

/**
 * One server's slot: how it served each arrival (in arrival order), its backlog Q_b(l+1) and how many tasks
 * reached it.
 */
public record ServedQueue(List<Service> services, double nextBacklogImageSteps, int arrivalCount) {

    public ServedQueue {
        services = List.copyOf(services);
    }
}
