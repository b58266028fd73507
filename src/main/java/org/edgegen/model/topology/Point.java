package org.edgegen.model.topology;

/** A position in the plane, in metres. */
public record Point(double xMeters, double yMeters) {

    public double distanceMeters(Point other) {
        return Math.hypot(xMeters - other.xMeters, yMeters - other.yMeters);
    }

    /** Angle of {@code other} seen from this point, in [0, 2π). */
    public double bearingTo(Point other) {
        double angle = Math.atan2(other.yMeters - yMeters, other.xMeters - xMeters);
        return angle < 0 ? angle + 2 * Math.PI : angle;
    }
}
