package nexus.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact formats the config writer uses read back to the same value. */
class UnitFormatsTest {

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"0,0s", "1,1ms", "250,250ms", "1000,1s", "1500,1s500ms", "60000,1m", "90000,1m30s",
            "90500,1m30s500ms", "3600000,1h", "3661001,1h1m1s1ms", "86400000,24h"})
    void durationsAreWrittenExactly(long millis, String text) {
        assertEquals(text, Durations.formatExact(Duration.ofMillis(millis)));
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @Test
    void daysAreReadForLifetimes() {
        assertEquals(Duration.ofDays(90), Durations.parse("90d"));
        assertEquals(Duration.ofDays(1).plusHours(12), Durations.parse("1d12h"));
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({"0,0B", "1000,1000B", "1024,1KiB", "1536,1536B", "1572864,1536KiB", "67108864,64MiB",
            "1610612736,1536MiB", "4294967296,4GiB", "21474836480,20GiB", "2199023255552,2TiB"})
    void sizesAreWrittenExactly(long bytes, String text) {
        assertEquals(text, Sizes.formatExact(bytes));
        assertEquals(bytes, Sizes.parseBytes(text));
    }

    @Test
    void displayFormatsStayRounded() {
        assertEquals("1.5GiB", Sizes.format(1536L << 20));
        assertEquals("1.5s", Durations.format(Duration.ofMillis(1500)));
    }
}
