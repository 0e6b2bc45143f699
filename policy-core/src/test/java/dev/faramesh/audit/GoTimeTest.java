package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GoTimeTest {
    @Test
    void formatsRfc3339NanoInUtcWithTrailingZerosTrimmed() {
        assertThat(GoTime.format(Instant.parse("2026-05-26T09:30:00Z"))).isEqualTo("2026-05-26T09:30:00Z");
        assertThat(GoTime.format(Instant.parse("2026-05-26T09:30:00.100Z"))).isEqualTo("2026-05-26T09:30:00.1Z");
        assertThat(GoTime.format(Instant.parse("2026-05-26T09:30:00.000001Z"))).isEqualTo("2026-05-26T09:30:00.000001Z");
        assertThat(GoTime.format(Instant.parse("2026-05-26T09:30:00.123456789Z"))).isEqualTo("2026-05-26T09:30:00.123456789Z");
        assertThat(GoTime.format(GoTime.ZERO)).isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void parsesOffsetsAndFractions() {
        assertThat(GoTime.parse("2026-05-26T15:00:00.123456789+05:30")).isEqualTo(Instant.parse("2026-05-26T09:30:00.123456789Z"));
        assertThat(GoTime.parse("2026-05-26T01:30:02-08:00")).isEqualTo(Instant.parse("2026-05-26T09:30:02Z"));
        assertThat(GoTime.parse("2026-05-26T09:30:00.5Z")).isEqualTo(Instant.parse("2026-05-26T09:30:00.5Z"));
        // Go keeps nanoseconds and drops further digits
        assertThat(GoTime.parse("2026-05-26T09:30:00.1234567891Z")).isEqualTo(Instant.parse("2026-05-26T09:30:00.123456789Z"));
    }

    @Test
    void rejectsWhatIsNotRfc3339() {
        for (String bad : new String[] {"2026-05-26 09:30:00Z", "2026-05-26T09:30:00", "2026-13-01T00:00:00Z",
                "2026-05-26T24:00:00Z", "2026-05-26T09:30:00.Z", "2026-05-26T09:30:00+0530", "yesterday"}) {
            assertThatThrownBy(() -> GoTime.parse(bad)).as(bad).isInstanceOf(DateTimeException.class);
        }
    }
}
