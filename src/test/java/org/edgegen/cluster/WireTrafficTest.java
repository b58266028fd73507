package org.edgegen.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireTrafficTest {

    /** A nested message class, as every actor's protocol is. */
    record Ping(int n) {}

    @Test
    void aNestedMessageIsNamedWithItsOuterClassAndTheNameIsTheSameEveryTime() {
        assertThat(WireTraffic.name(new Ping(1))).isEqualTo("WireTrafficTest.Ping");
        assertThat(WireTraffic.name(new Ping(2))).isSameAs(WireTraffic.name(new Ping(3)));
    }

    @Test
    void aTopLevelMessageIsNamedByItsSimpleNameAndNullAsNull() {
        assertThat(WireTraffic.name("text")).isEqualTo("String");
        assertThat(WireTraffic.name(null)).isEqualTo("null");
    }
}
